package main

// NamespaceLifecycle admission (k8s.io/apiserver pkg/admission/plugin/namespace/lifecycle), run
// as kube-apiserver runs it on a create: an object in a namespace that does not exist is refused
// with `namespaces "x" not found`.
//
// The cluster's namespaces are the built-in ones plus every Namespace document of the input
// (anywhere in it: re-running `kubectl apply` creates what a first run refused because the
// Namespace came later). Like the engine, the oracle applies the rule only when the input
// declares at least one Namespace: without any, the input says nothing about which exist.
// Objects read from a cluster (isLive) were admitted when they were created and are not asked.

import (
	"context"
	"fmt"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/sets"
	"k8s.io/apiserver/pkg/admission"
	"k8s.io/apiserver/pkg/admission/plugin/namespace/lifecycle"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes/fake"
	"k8s.io/client-go/tools/cache"
)

// namespaceAdmission is the lifecycle plugin over the input's namespaces, or nil when the input
// declares none.
func namespaceAdmission(docs []doc) (*lifecycle.Lifecycle, error) {
	declared := []string{}
	for _, d := range docs {
		if d.JSON == nil || d.JSON["kind"] != "Namespace" || d.JSON["apiVersion"] != "v1" {
			continue
		}
		if n, _ := dig(d.JSON, "metadata", "name").(string); n != "" {
			declared = append(declared, n)
		}
	}
	if len(declared) == 0 {
		return nil, nil
	}
	var objs []runtime.Object
	for _, n := range sets.List(sets.New(append(declared, builtinNamespaces...)...)) {
		objs = append(objs, &corev1.Namespace{
			ObjectMeta: metav1.ObjectMeta{Name: n},
			Status:     corev1.NamespaceStatus{Phase: corev1.NamespaceActive},
		})
	}
	client := fake.NewSimpleClientset(objs...)
	factory := informers.NewSharedInformerFactory(client, 0)
	l, err := newLifecycle() // immortal: default, kube-system, kube-public (as kube-apiserver)
	if err != nil {
		return nil, err
	}
	l.SetExternalKubeInformerFactory(factory)
	l.SetExternalKubeClientSet(client)
	if err := l.ValidateInitialization(); err != nil {
		return nil, err
	}
	stop := make(chan struct{}) // lives as long as the process (one command per run)
	factory.Start(stop)
	if !cache.WaitForCacheSync(stop, factory.Core().V1().Namespaces().Informer().HasSynced) {
		return nil, fmt.Errorf("namespace informer did not sync")
	}
	return l, nil
}

// admitNamespace asks the lifecycle plugin about creating obj (of kind gvk, resource res) in ns.
// The NotFound it returns names no field; the object's field it is about is metadata.namespace,
// which is what the comparer sees.
func admitNamespace(l *lifecycle.Lifecycle, obj runtime.Object, gvk schema.GroupVersionKind, resource, ns, name, objName string) []diagnostic {
	if l == nil || ns == "" {
		return nil
	}
	gvr := gvk.GroupVersion().WithResource(resource)
	attrs := admission.NewAttributesRecord(obj, nil, gvk, ns, name, gvr, "", admission.Create, &metav1.CreateOptions{}, false, nil)
	err := l.Admit(context.Background(), attrs, nil)
	if err == nil {
		return nil
	}
	field := ""
	if apierrors.IsNotFound(err) {
		field = "metadata.namespace"
	}
	return []diagnostic{{"error", objName, field, "", "admit", err.Error()}}
}
