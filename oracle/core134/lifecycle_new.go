package main

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/sets"
	"k8s.io/apiserver/pkg/admission/plugin/namespace/lifecycle"
)

// newLifecycle is the plugin as kube-apiserver registers it (its immortal namespaces). The
// constructor's set type differs between releases, so each build has its own copy of this file.
func newLifecycle() (*lifecycle.Lifecycle, error) {
	return lifecycle.NewLifecycle(sets.NewString(metav1.NamespaceDefault, metav1.NamespaceSystem, metav1.NamespacePublic))
}
