import os
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

# the cache of checked data tables (inputs/table_cache.py) goes to a folder of this test session, never to the
# user's cache; subprocesses started by the tests inherit the setting
_TABLE_CACHE = tempfile.mkdtemp(prefix="energymodel-test-cache-")
os.environ["ENERGYMODEL_CACHE"] = _TABLE_CACHE


def pytest_unconfigure(config):
    shutil.rmtree(_TABLE_CACHE, ignore_errors=True)
