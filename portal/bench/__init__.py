"""Load benchmarks and fault drills of the site, run from the command line (not tests):

    python -m portal.bench.pages              # make bench
    python -m portal.bench.registration       # make bench-registration
    python -m portal.bench.fault_pg_restart   # make fault-pg-restart

They drive gunicorn and ``manage.py`` in subprocesses (common.py) and read what they
need from the database through the ``bench_probe`` management command (probes.py), under
the same settings as the server. Importing them starts nothing.
"""
