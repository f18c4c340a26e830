"""The live path: views the browser decodes at every move (``views``), drawn by ``mount``, behind one
policy that decides browser or server for every page (``policy``)."""
from .component import mount, unavailable_reason
from .draw_view import Drawing, DrawView
from .models import LiveKind, LiveModel, live_model
from .policy import browser_model, browser_models, live_wanted
from .views import AxesView, CompareView, NoiseView, PathView, PlaneView, View

__all__ = ["AxesView", "CompareView", "DrawView", "Drawing", "LiveKind", "LiveModel", "NoiseView", "PathView",
           "PlaneView", "View",
           "browser_model", "browser_models", "live_model", "live_wanted", "mount", "unavailable_reason"]
