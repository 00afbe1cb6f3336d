"""`hub import`: Word documents and PDFs into typed draft pages (README, "Importing documents")."""
