"""Streamlit widgets and helpers shared by the app's pages (the only package that imports streamlit)."""
