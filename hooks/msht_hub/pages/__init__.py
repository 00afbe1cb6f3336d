"""What each page the engine renders gives: its published HTML, search documents, links, files and problems."""
