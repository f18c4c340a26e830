"""ae_models.latent: slider axes, class means, interpolation and manifold grids (numpy only)."""
import numpy as np
import pytest

from ae_models.latent import along, class_means, interpolate, manifold_codes, mosaic, principal_axes, slerp, unit_axes


def spread_codes(n: int = 500, seed: int = 0) -> np.ndarray:
    """Codes in 6-D that spread mostly along two known directions."""
    rng = np.random.default_rng(seed)
    return (rng.standard_normal((n, 6)) * [5.0, 2.0, 0.1, 0.1, 0.1, 0.1] + 1.0).astype(np.float32)


def test_unit_axes_positions_are_the_codes_own_coordinates():
    axes = unit_axes(4, 2)
    z = np.array([0.5, -1.0, 2.0, 3.0], np.float32)
    assert np.allclose(axes.positions(z), [0.5, -1.0])
    assert np.allclose(axes.move(z, [1.5, 0.0]), [1.5, 0.0, 2.0, 3.0])


def test_principal_axes_find_the_widest_directions_with_their_spread():
    axes = principal_axes(spread_codes(), 2)
    assert axes.count == 2
    assert abs(axes.directions[0, 0]) > 0.99 and abs(axes.directions[1, 1]) > 0.99
    assert np.allclose(axes.scales, [5.0, 2.0], rtol=0.15)
    assert np.allclose(axes.directions @ axes.directions.T, np.eye(2), atol=1e-5)
    assert axes.shares[0] > axes.shares[1] > 0 and axes.shares.sum() <= 1.0


def test_principal_axes_never_exceed_the_code_size():
    assert principal_axes(spread_codes(), 50).count == 6


def test_moving_along_principal_axes_keeps_the_rest_of_the_code():
    codes = spread_codes()
    axes = principal_axes(codes, 2)
    base = codes[0]
    moved = axes.move(base, [1.0, -2.0])
    assert np.allclose(axes.positions(moved), [1.0, -2.0], atol=1e-4)

    def rest(z: np.ndarray) -> np.ndarray:
        return z - axes.origin - axes.positions(z) * axes.scales @ axes.directions

    assert np.allclose(rest(moved), rest(base), atol=1e-4)
    assert np.allclose(axes.move(base, axes.positions(base)), base, atol=1e-5)


def test_class_means_average_each_class_and_mark_missing_ones():
    codes = np.array([[0, 0], [2, 2], [10, 10]], np.float32)
    means = class_means(codes, np.array([1, 1, 3]), classes=4)
    assert np.allclose(means[1], [1, 1]) and np.allclose(means[3], [10, 10])
    assert np.isnan(means[0]).all() and np.isnan(means[2]).all()


@pytest.mark.parametrize("method", ["linear", "spherical"])
def test_interpolation_starts_and_ends_at_the_two_codes(method):
    a, b = np.array([1.0, 0.0, 0.5]), np.array([0.0, 2.0, -0.5])
    path = interpolate(a, b, 7, method)
    assert path.shape == (7, 3) and path.dtype == np.float32
    assert np.allclose(path[0], a, atol=1e-6) and np.allclose(path[-1], b, atol=1e-6)


def test_slerp_keeps_the_length_that_a_straight_line_loses():
    a, b = np.array([3.0, 0.0]), np.array([0.0, 3.0])
    middle_line = interpolate(a, b, 3, "linear")[1]
    middle_arc = slerp(a, b, np.array([0.5]))[0]
    assert np.linalg.norm(middle_line) < 2.2
    assert np.isclose(np.linalg.norm(middle_arc), 3.0)
    assert np.allclose(middle_arc, [3 / np.sqrt(2)] * 2)


def test_slerp_of_parallel_or_zero_codes_is_the_straight_line():
    a = np.array([1.0, 1.0])
    assert np.allclose(slerp(a, 2 * a, np.array([0.5]))[0], 1.5 * a)
    assert np.allclose(slerp(np.zeros(2), a, np.array([0.5]))[0], 0.5 * a)


def test_interpolation_rejects_unknown_methods_and_single_steps():
    with pytest.raises(ValueError, match="linear"):
        interpolate(np.zeros(2), np.ones(2), 5, "cubic")
    with pytest.raises(ValueError, match="2 steps"):
        interpolate(np.zeros(2), np.ones(2), 1)


def test_manifold_codes_run_left_to_right_and_top_to_bottom_inside_the_span():
    grid = manifold_codes(2.0, 4)
    assert grid.shape == (16, 2)
    assert np.allclose(grid[0], [-1.5, 1.5]) and np.allclose(grid[3], [1.5, 1.5])
    assert np.allclose(grid[-1], [1.5, -1.5])
    assert np.abs(grid).max() < 2.0


def test_mosaic_places_image_i_at_its_row_and_column():
    images = np.stack([np.full((2, 3), i, np.float32) for i in range(5)])
    picture = mosaic(images, 2)
    assert picture.shape == (6, 6)
    assert picture[0, 3] == 1 and picture[2, 0] == 2 and picture[4, 0] == 4
    assert picture[4, 3] == 0     # the missing sixth cell is black


def test_first_keeps_the_leading_directions_and_their_shares():
    axes = principal_axes(spread_codes(), 4).first(2)
    assert axes.count == 2 and len(axes.scales) == len(axes.shares) == 2


def test_along_reaches_any_fraction_of_the_path():
    a, b = np.zeros(2), np.array([2.0, 4.0])
    assert np.allclose(along(a, b, np.array([0.25])), [[0.5, 1.0]])
