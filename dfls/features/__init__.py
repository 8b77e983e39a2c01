"""Editor features as pure functions of the model: code actions, hover, rule docs."""
