"""One module per autoencoder kind; ``ae_models.registry`` lists them."""
