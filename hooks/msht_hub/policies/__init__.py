"""What the hub refuses in content, judged as a browser reads it: markup, addresses, CSS, SVG and names."""
