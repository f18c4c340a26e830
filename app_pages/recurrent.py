"""Recurrent: the image read and written one row at a time, like a sentence."""
import numpy as np
import streamlit as st

from ui import address
from ui.charts import colour, line_chart, show
from ui.kind_page import kind_page
from ui.pictures import image_row
from ui.trial import Trial

ROWS = 28
DIM = 0.2           # brightness of rows not read yet


@address.fragment
def rows_in_time(ae, trial: Trial) -> None:
    """A time slider, in its own fragment: the rows read and written so far, and the current row's pixels."""
    st.subheader("Rows as time", anchor=False)
    t = st.slider("Time step (rows read and written)", 1, ROWS, ROWS, key="lstm:time")
    seen = trial.seen.copy()
    seen[t:] *= DIM
    written = np.zeros_like(trial.output)
    written[:t] = trial.output[:t]
    left, right = st.columns([2, 3])
    with left:
        image_row([seen, written], [f"Read: rows 1–{t}", f"Written: rows 1–{t}"], width=160)
    with right:
        st.markdown(f"**Row {t}**, pixel by pixel")
        show(line_chart(range(1, 29), {"input": (trial.seen[t - 1], "#9ca3af", "dot"),
                                        "reconstruction": (trial.output[t - 1], colour("lstm"), "solid")},
                        "column", "brightness", height=220))


kind_page("lstm", """
Read the image as a **sequence of 28 rows**, top to bottom, the way a sentence is read word by
word. An LSTM encoder reads one row per time step and carries a memory forward; its memory after
the last row becomes the code. The decoder unrolls the code back into 28 rows, one per step.

It is not the natural way to see an image, and that is the point: rows as time is how
sequence models (speech, text, sensors) are built.
""", extra=rows_in_time)
