#!/usr/bin/env bash
# Regenerate the live dumps in .. from these scripts (needs python3 with PyYAML). The output is
# deterministic: running it on an unchanged tree leaves `git diff` empty.
set -euo pipefail
export PYTHONDONTWRITEBYTECODE=1
cd "$(dirname "$0")"
python3 aks.py > ../aks-azure-cni-overlay.yaml
python3 aks_kubenet.py > ../aks-kubenet-no-nodes.yaml
python3 eks.py nodes > ../eks-vpc-cni.yaml
python3 eks.py none > ../eks-no-nodes.yaml
python3 gke.py > ../gke-standard.yaml
python3 kind.py > ../kind-dual-stack.yaml
python3 k3s.py > ../k3s-servicelb.yaml
python3 expected.py
