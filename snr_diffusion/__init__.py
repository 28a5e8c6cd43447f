"""snr_diffusion: the signal-to-noise ratio of diffusion models, as a course (the notebooks) and a library.

Start here: `load_model('glyphs32').sample(16)` samples a bundled model (`bundled_models()` lists them);
schedules (`CosineSchedule`, `ShiftedSchedule`, ...) share one interface (alpha, sigma, logsnr and the inverse);
`sample` is the one sampler driver; `UpsampleGuidance` wraps any denoiser. Docs: https://snr-diffusion.github.io/snr_diffusion/"""
__version__ = "0.0.1"

from .snr import CosineSchedule, LinearSchedule, DiscreteSchedule, ShiftedSchedule, InterpolatedSchedule  # noqa: F401,E402
from .samplers import sample, sampling_sigmas  # noqa: F401,E402
from .ug import UpsampleGuidance  # noqa: F401,E402
from .pipeline import load_model, bundled_models, DiffusionModel, SRModel, LatentModel  # noqa: F401,E402
