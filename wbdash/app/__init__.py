"""The Streamlit edge: caching, widgets and rendering. The only part of wbdash that imports streamlit."""
