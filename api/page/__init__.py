"""The timeline page's static files (index.html, page.css, page.js), installed as package data."""
