"""Every kind builds, encodes to (N, code_size) and decodes to images in [0, 1], at any code size."""
from __future__ import annotations

import numpy as np
import pytest
from conftest import make_digits

from ae_models import KINDS, build

X = make_digits(6)[0].astype(np.float32) / 255


@pytest.mark.parametrize("kind", list(KINDS))
@pytest.mark.parametrize("code_size", [2, 128])
def test_every_kind_encodes_to_code_size_and_decodes_to_images_in_unit_range(kind, code_size):
    ae = build(kind, code_size=code_size)
    labels = np.arange(len(X)) % 10 if ae.conditional else None     # the conditional kind needs them
    codes = ae.encode(X, labels)
    assert codes.shape == (len(X), code_size) and codes.dtype == np.float32
    images = ae.decode(codes, labels)
    assert images.shape == (len(X), 28, 28) and images.dtype == np.float32
    assert images.min() >= 0 and images.max() <= 1
    assert ae.reconstruct(X[0], None if labels is None else 3).shape == (1, 28, 28)


def test_registry_lists_the_nine_kinds_in_order():
    assert list(KINDS) == ["pca", "dense", "sparse", "deep", "conv", "denoising", "vae", "cvae", "lstm"]


@pytest.mark.parametrize("bad", [1, 129])
def test_code_size_outside_2_to_128_is_refused_with_the_range(bad):
    with pytest.raises(ValueError, match="between 2 and 128"):
        build("dense", code_size=bad)


def test_unknown_kind_option_is_refused_naming_the_valid_ones():
    with pytest.raises(ValueError, match="takes"):
        build("dense", code_size=8, l1=0.1)


def test_unknown_kind_is_refused_naming_the_valid_ones():
    with pytest.raises(ValueError, match="conv"):
        build("transformer")


def test_tied_deep_model_has_about_half_the_weights_of_the_untied_one():
    untied, tied = build("deep", code_size=16).count_params(), build("deep", code_size=16, tied=True).count_params()
    assert tied < 0.55 * untied


def test_only_the_variational_kinds_sample_and_their_samples_are_images():
    vae = build("vae", code_size=4)
    s = vae.sample(5, seed=1)
    assert s.shape == (5, 28, 28) and 0 <= s.min() and s.max() <= 1
    assert np.array_equal(s, vae.sample(5, seed=1))
    with pytest.raises(TypeError, match="cannot sample"):
        build("conv", code_size=4).sample(2)
    assert build("cvae", code_size=4).sample(3, seed=1).shape == (3, 28, 28)


def test_vae_negative_elbo_is_positive_nats_per_image():
    nelbo = build("vae", code_size=4).negative_elbo(X)
    assert nelbo.shape == (len(X),) and (nelbo > 0).all()


def test_denoising_model_adds_no_noise_at_inference():
    ae = build("denoising", code_size=8, noise_kind="salt_pepper", noise_level=0.9)
    assert np.array_equal(ae.reconstruct(X), ae.reconstruct(X))


def test_layer_table_lists_encoder_and_decoder_with_parameter_counts():
    ae = build("conv", code_size=8)
    table = ae.layer_table()
    assert {layer.part for layer in table} == {"encoder", "decoder"}
    assert sum(layer.parameters for layer in table) == ae.count_params()
    code = next(layer for layer in table if layer.name == "code")
    assert code.output_shapes == ((8,),) and code.values == 8 and code.shape_text == "(8,)"


def test_wrong_image_shape_is_refused_with_the_expected_shape():
    with pytest.raises(ValueError, match=r"\(N, 28, 28\)"):
        build("dense", code_size=4).encode(np.zeros((3, 32, 32)))


@pytest.mark.parametrize("kind", ["conv", "denoising", "vae", "cvae"])
def test_conv_family_hidden_layers_sit_between_feature_maps_and_code_on_both_sides(kind):
    deeper = build(kind, code_size=2, hidden=[16])
    shapes = {layer.name: layer.output_shapes for layer in deeper.layer_table()}
    assert shapes["enc_hidden_0"] == shapes["dec_hidden_0"] == ((16,),)
    labels = np.arange(len(X)) % 10 if deeper.conditional else None
    assert deeper.decode(deeper.encode(X, labels), labels).shape == X.shape


def test_normalised_sparse_code_is_batch_normalised_before_its_relu():
    ae = build("sparse", code_size=16, normalize=True, hidden=[32])
    codes = ae.encode(X)
    assert codes.min() >= 0
    assert "code_norm" in {layer.name for layer in ae.layer_table()}


def test_jump_relu_passes_only_values_above_its_threshold():
    from ae_models.layers import JumpReLU
    out = np.asarray(JumpReLU(0.5)(np.array([[-1.0, 0.2, 0.5, 0.51, 2.0]], np.float32)))
    assert out.tolist() == [[0.0, 0.0, 0.0, pytest.approx(0.51), 2.0]]


@pytest.mark.parametrize("normalize", [True, False])
def test_sparse_code_with_a_threshold_is_zero_or_above_it(normalize):
    ae = build("sparse", code_size=16, normalize=normalize, threshold=0.3, hidden=[32])
    codes = ae.encode(X)
    assert ((codes == 0) | (codes > 0.3)).all() and (codes > 0).any()
    with pytest.raises(ValueError, match="threshold"):
        build("sparse", code_size=16, threshold=-1)


def test_simple_code_activation_is_a_choice_linear_by_default():
    assert build("dense", code_size=8).options()["activation"] == "linear"
    assert build("dense", code_size=8, activation="relu").encode(X).min() >= 0
    with pytest.raises(ValueError, match="choose one of linear"):
        build("dense", code_size=8, activation="swish")


@pytest.mark.parametrize("kind", ["conv", "denoising", "vae", "cvae"])
def test_conv_family_dropout_follows_each_hidden_layer_and_only_when_asked(kind):
    plain = {layer.name for layer in build(kind, code_size=2, hidden=[16]).layer_table()}
    dropped = build(kind, code_size=2, hidden=[16], dropout=0.3)
    layers = {layer.name for layer in dropped.layer_table()}
    assert not any("dropout" in name for name in plain)
    assert {"enc_hidden_0_dropout", "dec_hidden_0_dropout"} <= layers
    labels = np.zeros(len(X), int) if dropped.conditional else None
    codes = dropped.encode(X, labels)
    assert np.array_equal(codes, dropped.encode(X, labels))       # inference is deterministic: no dropout
    with pytest.raises(ValueError, match="dropout"):
        build(kind, code_size=2, dropout=1.0)
