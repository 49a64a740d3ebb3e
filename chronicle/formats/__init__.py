"""Export and import formats, one module per format. Pure Python: no framework."""
