{{/* The release's full name: the release name, prefixed by the chart name unless it holds it. */}}
{{- define "voicemesh.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 40 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* Name of one service's objects: <fullname>-<service>. Args: (list $ name). */}}
{{- define "voicemesh.name" -}}
{{- printf "%s-%s" (include "voicemesh.fullname" (index . 0)) (index . 1) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels selecting one service's pods. Args: (list $ name). */}}
{{- define "voicemesh.selectorLabels" -}}
app.kubernetes.io/name: {{ (index . 0).Chart.Name }}
app.kubernetes.io/instance: {{ (index . 0).Release.Name }}
app.kubernetes.io/component: {{ index . 1 }}
{{- end -}}

{{/* All labels of one service's objects. Args: (list $ name). */}}
{{- define "voicemesh.labels" -}}
{{ include "voicemesh.selectorLabels" . }}
app.kubernetes.io/part-of: voicemesh
app.kubernetes.io/version: {{ (index . 0).Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ (index . 0).Release.Service }}
helm.sh/chart: {{ printf "%s-%s" (index . 0).Chart.Name (index . 0).Chart.Version }}
{{- end -}}

{{/* One service's settings: serviceDefaults deep-merged with its entry (the entry wins),
     as YAML; read it back with fromYaml. Args: (list $ name). */}}
{{- define "voicemesh.service" -}}
{{- $root := index . 0 -}}
{{- $entry := index $root.Values.services (index . 1) -}}
{{- toYaml (mergeOverwrite (deepCopy $root.Values.serviceDefaults) (deepCopy $entry)) -}}
{{- end -}}

{{- define "voicemesh.secretName" -}}
{{- .Values.secrets.existingSecret | default (printf "%s-secrets" (include "voicemesh.fullname" .)) -}}
{{- end -}}

{{- define "voicemesh.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- .Values.serviceAccount.name | default (include "voicemesh.fullname" .) -}}
{{- else -}}
{{- .Values.serviceAccount.name | default "default" -}}
{{- end -}}
{{- end -}}

{{/* Keys of the Secret one service reads, as a YAML list. Arg: the service name. Every pod
     gets the internal token and the object store; the database and queue go to the
     orchestrator, the LLM API keys to feedback. */}}
{{- define "voicemesh.secretKeys" -}}
{{- $keys := list "VOICEMESH_INTERNAL_TOKEN" "VOICEMESH_STORAGE_URL" -}}
{{- if eq . "orchestrator" -}}
{{- $keys = concat $keys (list "VOICEMESH_DATABASE_URL" "VOICEMESH_QUEUE_URL") -}}
{{- end -}}
{{- if eq . "feedback" -}}
{{- $keys = concat $keys (list "FEEDBACK_API_KEY" "OPENAI_API_KEY") -}}
{{- end -}}
{{- toYaml $keys -}}
{{- end -}}

{{/* A pod volume for one persistence entry: its claim, or an emptyDir when it is off.
     Args: (list $ key). */}}
{{- define "voicemesh.volume" -}}
{{- $root := index . 0 -}}
{{- $key := index . 1 -}}
{{- $p := index $root.Values.persistence $key -}}
{{- if $p.enabled -}}
persistentVolumeClaim:
  claimName: {{ $p.existingClaim | default (printf "%s-%s" (include "voicemesh.fullname" $root) ($key | kebabcase)) }}
{{- else -}}
emptyDir: {}
{{- end -}}
{{- end -}}
