"""Child of bench/run.mjs: runs a PyTorch reference script in this interpreter and reports
its peak RSS on stderr as the last line (JSON), so the table can compare memory too."""
import json
import resource
import runpy
import sys

script = sys.argv[1]
sys.argv = [script] + sys.argv[2:]
sys.path.insert(0, __import__("os").path.dirname(script))
try:
    runpy.run_path(script, run_name="__main__")
finally:
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"peakRssMb": peak_kb / 1024}), file=sys.stderr)
