"""Variational: a smooth latent space to walk through, map, interpolate in and sample from."""
import streamlit as st

from ae_models.data import BINARIZED
from ae_models.grid import shipped_grid
from ae_models.store import code_sizes
from ui import visitor
from ui.charts import show_losses
from ui.code_usage import what_the_code_uses
from ui.kind_page import kind_page
from ui.latent_widgets import atlas, code_scatter, interpolation, latent_walk, prior_samples
from ui.published import published_comparison
from ui.site import DATASET_NAMES
from ui.trial import Trial


def missing_sizes(dataset: str) -> None:
    """Name the shipped code sizes whose weights are not in weights/ (yet)."""
    planned = {job.code_size for job in shipped_grid() if (job.kind, job.dataset) == ("vae", dataset)}
    missing = sorted(planned - set(code_sizes("vae", dataset, "shipped")))
    if missing:
        st.caption(f"Not in `weights/` yet for {DATASET_NAMES[dataset]}: code sizes "
                   f"{', '.join(map(str, missing))}. They join the code-size slider as soon as their "
                   "weights land there (`python -m ae_models train-all`), or train one below.")


def manifold_note(ae) -> None:
    """Where the 2-D manifold is, for a model whose code is not 2-D."""
    if 2 in code_sizes("vae", ae.dataset, owner=visitor.current()):
        st.info("The **2-D manifold** (every point of the latent plane decoded at once) needs a 2-D code: "
                "set the code size above to 2.", icon=":material/grid_on:")
    else:
        st.info(f"The **2-D manifold** needs a VAE with a 2-D code, and there is none for "
                f"{DATASET_NAMES[ae.dataset]} yet: train one below with code size 2.", icon=":material/grid_on:")


def playground(ae, trial: Trial) -> None:
    """Everything that moves through the latent space, in the order a visitor explores it."""
    missing_sizes(ae.dataset)
    found = atlas(ae)
    if found is None:
        st.warning("The test set is not available here, so the maps, class means and main directions are "
                   "missing: set `AE_DATA_DIR` to a folder with the dataset. Sliders and samples still work.")

    st.subheader("Walk the latent space", anchor=False)
    st.caption("The sliders start at this input's code (the mean of its cloud). Move them and the decoder "
               "draws what lives there. Jump to a class's mean code, or add the way from one class to another.")
    latent_walk(ae, trial, found)

    if found is not None and ae.code_size > 2:
        st.subheader("Where the test images live", anchor=False)
        st.caption(f"All {len(found.codes):,} test images encoded ({len(found.shown):,} drawn), projected on "
                   "the two directions their codes spread most. Click a point to see its image.")
        code_scatter(ae, found)
    if ae.code_size != 2:
        manifold_note(ae)

    interpolation(ae)
    prior_samples(ae)
    if ae.dataset in BINARIZED:
        published_comparison(ae)
    what_the_code_uses(ae)

    history = ae.record.training.history if ae.record else {}
    if history.get("loss"):
        with st.expander("How this model learned: reconstruction against KL", icon=":material/show_chart:"):
            st.caption("The loss is the reconstruction error (BCE summed over pixels) plus β times the KL "
                       "divergence that pulls each code's cloud towards the prior.")
            show_losses(history, "vae", key="vae:history")


kind_page("vae", """
A **variational** autoencoder encodes each image not as a point but as a small cloud (a mean and
a spread), and is trained to keep those clouds close to a standard normal distribution. The payoff
is a **latent space you can sample**: almost any point near the centre decodes to a plausible
image, and nearby points decode to similar ones.

Walk that space with the sliders, see where each class lives, interpolate between two inputs,
or draw random samples from the prior. Train your own with a different code size or β below.
""", code_slider=True, extra=playground)
