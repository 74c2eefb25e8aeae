"""What proposals add to pages they do not own."""
