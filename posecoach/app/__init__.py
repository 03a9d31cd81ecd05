"""The Streamlit app's pieces: pages (live coach, recorded video, history) and small UI helpers.

The app only displays what the engine computes; ``app.py`` at the repository root wires the pages.
"""
