"""Tools: buildNetwork, initialisation, gradient checks, validation, plotting."""
