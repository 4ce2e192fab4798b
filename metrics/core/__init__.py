"""What an indicator is and how it is said, before any data: the registry, periods, number formatting, colour
contrast, the settings, roles, and the package's errors. The bottom layer: it imports nothing else of metrics."""
