// Command k8s-validate reads a multi-document YAML stream (kustomize build output) on stdin
// and decodes every object STRICTLY into the typed Kubernetes API structs of k8s.io/api, plus
// the prometheus-operator monitoring/v1 types for ServiceMonitor and KEDA's keda.sh/v1alpha1
// types for ScaledObject and TriggerAuthentication. Strict decoding rejects unknown fields,
// duplicate fields and values of the wrong type — the same errors the API server's strict
// field validation (kubectl --validate=strict) reports — entirely offline: the schemas are
// the Go types, taken from the Go module proxy.
//
// KEDA is pinned at v2.21.0 (go.mod): v2.21.1 declares `go 1.27.4`, newer than the toolchain
// here. Its apis package also pulls in controller-runtime and client-go (its webhooks), which
// only makes the first build slower; no code of theirs runs.
//
// A kind it has no types for is an error (no-kind-registered), never a silent pass; the
// `skipped` map can list a kind to report as SKIP by name instead. Exit status 1 on any error.
package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"

	kedav1alpha1 "github.com/kedacore/keda/v2/apis/keda/v1alpha1"
	monitoringv1 "github.com/prometheus-operator/prometheus-operator/pkg/apis/monitoring/v1"
	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	sigyaml "sigs.k8s.io/yaml"
)

// Kinds validated only by their CRD's own schema in the cluster, reported as SKIP by name;
// any kind neither here nor in the scheme is an error. Empty: every kind the package renders
// (KEDA's ScaledObject and TriggerAuthentication included) has offline Go types.
var skipped = map[string]string{}

func main() {
	scheme := runtime.NewScheme()
	for _, add := range []func(*runtime.Scheme) error{
		corev1.AddToScheme, appsv1.AddToScheme, autoscalingv2.AddToScheme,
		networkingv1.AddToScheme, policyv1.AddToScheme, rbacv1.AddToScheme,
		monitoringv1.AddToScheme, kedav1alpha1.AddToScheme,
	} {
		if err := add(scheme); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
	}
	decoder := serializer.NewCodecFactory(scheme, serializer.EnableStrict).UniversalDeserializer()

	reader := utilyaml.NewYAMLReader(bufio.NewReader(os.Stdin))
	valid, skips, failures := 0, 0, 0
	for {
		doc, err := reader.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "read:", err)
			os.Exit(2)
		}
		if len(bytes.TrimSpace(doc)) == 0 {
			continue
		}
		var meta struct {
			APIVersion string `json:"apiVersion"`
			Kind       string `json:"kind"`
			Metadata   struct {
				Name      string `json:"name"`
				Namespace string `json:"namespace"`
			} `json:"metadata"`
		}
		if err := sigyaml.Unmarshal(doc, &meta); err != nil {
			fmt.Printf("FAIL  (unparsable document): %v\n", err)
			failures++
			continue
		}
		id := fmt.Sprintf("%s/%s %s/%s", meta.APIVersion, meta.Kind, meta.Metadata.Namespace, meta.Metadata.Name)
		if reason, ok := skipped[meta.APIVersion+"/"+meta.Kind]; ok {
			fmt.Printf("SKIP  %s (%s)\n", id, reason)
			skips++
			continue
		}
		if _, _, err := decoder.Decode(doc, nil, nil); err != nil {
			fmt.Printf("FAIL  %s: %v\n", strings.TrimSpace(id), err)
			failures++
			continue
		}
		fmt.Printf("ok    %s\n", id)
		valid++
	}
	fmt.Printf("%d objects valid (strict), %d skipped (CRDs without offline types), %d invalid\n", valid, skips, failures)
	if failures > 0 || valid == 0 {
		os.Exit(1)
	}
}
