"""read_user_image on seeded, damaged uploads (the mutations of benchmarks/fuzz_images)."""

from __future__ import annotations

import warnings

from ae_models.images import ImageError, UserImage, read_user_image
from benchmarks.fuzz_images import mutated_case


def test_damaged_uploads_give_a_user_image_or_an_image_error():
    unexpected = []
    for index in range(250):
        name, data = mutated_case(seed=1, index=index)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # Pillow warns about some damage it works around
                assert isinstance(read_user_image(data), UserImage)
        except ImageError:
            pass
        except Exception as error:  # noqa: BLE001 - collect them all, then report
            unexpected.append(f"{name}: {type(error).__name__}: {error}")
    assert not unexpected, "\n".join(unexpected)
