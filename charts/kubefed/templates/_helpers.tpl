{{/*
The names and labels are those of manifests/, so the chart and `kubectl apply -k manifests/` manage
the same objects. Helm's own labels are added on top.
*/}}
{{- define "kubefed.name" -}}kubefed-controller-manager{{- end }}

{{- define "kubefed.selectorLabels" -}}
app.kubernetes.io/name: kubefed
app.kubernetes.io/component: controller-manager
{{- end }}

{{- define "kubefed.labels" -}}
{{ include "kubefed.selectorLabels" . }}
app.kubernetes.io/part-of: kubefed
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end }}

{{/*
kubefed keeps member credentials and its Lease in federation-system (src/propagation/vocabulary.ts),
so the release must live there.
*/}}
{{- define "kubefed.namespace" -}}
{{- if ne .Release.Namespace "federation-system" -}}
{{- fail (printf "install kubefed into the namespace federation-system (kubefed join writes member credentials there), not %q: helm install --namespace federation-system --create-namespace" .Release.Namespace) -}}
{{- end -}}
{{ .Release.Namespace }}
{{- end }}

{{/* kubefed.flag renders one value as a flag argument; whole numbers stay whole (YAML numbers arrive as floats). */}}
{{- define "kubefed.flagValue" -}}
{{- if and (kindIs "float64" .) (eq (floor .) .) -}}
{{ int64 . }}
{{- else -}}
{{ . }}
{{- end -}}
{{- end }}

{{- define "kubefed.leaseName" -}}
{{ .Values.flags.leaderElectId | default "kubefed-controller-manager" }}
{{- end }}
