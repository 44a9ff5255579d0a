"""Merge the generated envoy-cors.yaml into envoy.yaml.in, then run Envoy.

The generated file is a whole example bootstrap; its notes say to merge into your
HttpConnectionManager "the cors filter before the router, the policy on the virtual host".
Taken from it, unchanged: every virtual-host key other than name, domains and routes (the CORS
policy and the Vary header), and every HTTP filter other than the router, put first in the
`api` listener's chain.
"""

import os
import sys

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
HCM = "envoy.filters.network.http_connection_manager"
ROUTER = "envoy.filters.http.router"


def hcm(bootstrap, listener):
    for lst in bootstrap["static_resources"]["listeners"]:
        if listener is None or lst["name"] == listener:
            for chain in lst["filter_chains"]:
                for flt in chain["filters"]:
                    if flt["name"] == HCM:
                        return flt["typed_config"]
    sys.exit(f"no HttpConnectionManager in listener {listener}")


def main():
    with open(os.path.join(HERE, "envoy-cors.yaml"), encoding="utf-8") as f:
        generated = hcm(yaml.safe_load(f), None)
    with open(os.path.join(HERE, "envoy.yaml.in"), encoding="utf-8") as f:
        bootstrap = yaml.safe_load(f)
    front = hcm(bootstrap, "api")
    gen_hosts = generated["route_config"]["virtual_hosts"]
    if len(gen_hosts) != 1:
        sys.exit("envoy-cors.yaml should have one virtual host")
    host = front["route_config"]["virtual_hosts"][0]
    for key, value in gen_hosts[0].items():
        if key not in ("name", "domains", "routes"):
            host[key] = value
    filters = [f for f in generated["http_filters"] if f["name"] != ROUTER]
    if not filters:
        sys.exit("envoy-cors.yaml has no filter besides the router")
    front["http_filters"] = filters + front["http_filters"]
    out = os.path.join(HERE, "envoy.yaml")
    with open(out, "w", encoding="utf-8") as f:
        yaml.safe_dump(bootstrap, f, sort_keys=False)
    envoy = os.path.join(os.path.dirname(sys.executable), "envoy")
    sys.stdout.flush()
    os.execv(
        sys.executable,
        [
            sys.executable,
            envoy,
            "-c",
            out,
            "--disable-hot-restart",
            "--concurrency",
            "1",
            "--log-level",
            "warn",
        ],
    )


main()
