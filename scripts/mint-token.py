#!/usr/bin/env python3
"""Mints an HS256 JWT for a gateway configured with Gateway:Auth:SigningKey (standard library only).

    scripts/mint-token.py --key "$KEY" --issuer gateway-demo --audience gateway --scope "payments:read crm:write"

Prints the token. Meant for demos, benchmarks and local tests, not as an identity provider.
"""
import argparse
import base64
import hashlib
import hmac
import json
import time


def b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--key", required=True, help="the gateway's Gateway:Auth:SigningKey")
    parser.add_argument("--issuer", required=True)
    parser.add_argument("--audience", required=True)
    parser.add_argument("--scope", default="payments:read payments:write crm:write")
    parser.add_argument("--subject", default="demo-user")
    parser.add_argument("--hours", type=float, default=8)
    args = parser.parse_args()

    now = int(time.time())
    header = b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    claims = b64(json.dumps({"iss": args.issuer, "aud": args.audience, "sub": args.subject, "scope": args.scope,
                             "iat": now, "nbf": now, "exp": now + int(args.hours * 3600)}).encode())
    signature = hmac.new(args.key.encode(), f"{header}.{claims}".encode(), hashlib.sha256).digest()
    print(f"{header}.{claims}.{b64(signature)}")


if __name__ == "__main__":
    main()
