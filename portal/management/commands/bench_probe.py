"""``manage.py bench_probe <name>``: one of the benchmarks' in-process measures
(portal/bench/probes.py), printed as JSON on one stdout line starting "BENCH-JSON "
(whatever else the settings may print stays apart)."""

import json

from django.core.management.base import BaseCommand

from portal.bench.probes import PROBES


class Command(BaseCommand):
    help = "Print one of the benchmarks' in-process measures as JSON (portal/bench/probes.py)."

    def add_arguments(self, parser):
        parser.add_argument("name", choices=sorted(PROBES))

    def handle(self, *args, name, **options):
        self.stdout.write("BENCH-JSON " + json.dumps(PROBES[name]()))
