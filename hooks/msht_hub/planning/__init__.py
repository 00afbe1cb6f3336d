"""What the site plan is made of: addresses, booklets, related content, redirects, views and the edition."""
