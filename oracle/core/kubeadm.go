package main

import (
	"strings"

	"sigs.k8s.io/yaml"

	kubeadmapi "k8s.io/kubernetes/cmd/kubeadm/app/apis/kubeadm"
	kubeadmscheme "k8s.io/kubernetes/cmd/kubeadm/app/apis/kubeadm/scheme"
	"k8s.io/kubernetes/cmd/kubeadm/app/phases/controlplane"
)

// kubeadmStated is what kubeadm itself makes of a stated ClusterConfiguration (a document of its
// own, or the `ClusterConfiguration` key of kube-system/kubeadm-config): decoded and defaulted by
// kubeadm's scheme (v1beta3 or v1beta4), then the flags its static pod manifests give
// kube-apiserver (--service-cluster-ip-range, --service-node-port-range; `apiServer.extraArgs`
// override the defaults) and kube-controller-manager (--cluster-cidr). nil when the input states
// none.
type kubeadmStated struct {
	ServiceCIDRs      string `json:"serviceCIDRs"`
	NodePortRange     string `json:"nodePortRange"`
	PodCIDRs          string `json:"podCIDRs"`
	Domain            string `json:"clusterDomain"`
	KubernetesVersion string `json:"kubernetesVersion"`
	Error             string `json:"error,omitempty"`
}

func kubeadmSettings(docs []doc) *kubeadmStated {
	var raw []byte
	for _, d := range docs {
		if d.JSON == nil {
			continue
		}
		kind, _ := d.JSON["kind"].(string)
		av, _ := d.JSON["apiVersion"].(string)
		switch {
		case kind == "ClusterConfiguration" && strings.HasPrefix(av, "kubeadm.k8s.io/"):
			raw = d.Raw
			if d.Item >= 0 {
				raw, _ = yaml.JSONToYAML(d.Raw)
			}
		case kind == "ConfigMap" && dig(d.JSON, "metadata", "name") == "kubeadm-config" && dig(d.JSON, "metadata", "namespace") == "kube-system":
			if s, ok := dig(d.JSON, "data", "ClusterConfiguration").(string); ok {
				raw = []byte(s)
			}
		}
	}
	if raw == nil {
		return nil
	}
	obj, _, err := kubeadmscheme.Codecs.UniversalDecoder().Decode(raw, nil, nil)
	if err != nil {
		return &kubeadmStated{Error: err.Error()}
	}
	cfg, ok := obj.(*kubeadmapi.ClusterConfiguration)
	if !ok {
		return &kubeadmStated{Error: "not a ClusterConfiguration"}
	}
	out := &kubeadmStated{Domain: cfg.Networking.DNSDomain, KubernetesVersion: cfg.KubernetesVersion}
	specs := controlplane.GetStaticPodSpecs(cfg, &kubeadmapi.APIEndpoint{AdvertiseAddress: "192.168.1.11", BindPort: 6443}, []kubeadmapi.EnvVar{})
	flag := func(component, name string) string {
		pod, ok := specs[component]
		if !ok || len(pod.Spec.Containers) == 0 {
			return ""
		}
		v := ""
		for _, a := range pod.Spec.Containers[0].Command {
			if strings.HasPrefix(a, "--"+name+"=") {
				v = strings.TrimPrefix(a, "--"+name+"=")
			}
		}
		return v
	}
	out.ServiceCIDRs = flag("kube-apiserver", "service-cluster-ip-range")
	out.NodePortRange = flag("kube-apiserver", "service-node-port-range")
	out.PodCIDRs = flag("kube-controller-manager", "cluster-cidr")
	return out
}
