"""The window's frame: the application, main window, docks, actions, settings, error dialogs."""
