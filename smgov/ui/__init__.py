"""The Qt user interface. It calls smgov.data services and never builds SQL itself."""
