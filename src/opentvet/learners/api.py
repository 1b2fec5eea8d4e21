# No "from __future__ import annotations" here: Ninja reads the annotations at import time.
from ninja import Router

router = Router(tags=["learners"])
