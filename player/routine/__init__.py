"""The routine format: models, YAML loading with file:line:col errors, discovery, JSON Schema."""
