from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
# The seed page lives beside the project in a developer's checkout, not in a user's clone.
SHARED = Path(__file__).resolve().parents[2] / "shared"


@pytest.fixture
def seed_page():
    src = SHARED / "seed" / "nyt-north-korean-pows.in.txt"
    if not src.exists():
        pytest.skip("../shared/seed is not beside this clone; tests/fixtures/pages covers the same shape")
    return src, src.with_name("nyt-north-korean-pows.out.txt")
