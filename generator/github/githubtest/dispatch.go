package githubtest

import (
	"encoding/json"
	"net/http"
)

// Dispatch is one repository_dispatch event the server accepted.
type Dispatch struct {
	Repo          string
	EventType     string
	ClientPayload json.RawMessage
}

// Event is the event JSON GitHub hands the workflow run a dispatch starts
// (the file $GITHUB_EVENT_PATH names): the event type as "action", the
// payload as "client_payload", and the repository and sender.
func (d Dispatch) Event() []byte {
	payload := d.ClientPayload
	if len(payload) == 0 {
		payload = json.RawMessage("{}")
	}
	b, _ := json.MarshalIndent(map[string]any{
		"action":         d.EventType,
		"branch":         "main",
		"client_payload": payload,
		"repository":     map[string]any{"full_name": d.Repo, "default_branch": "main"},
		"sender":         map[string]any{"login": "octocat", "type": "User"},
	}, "", "  ")
	return b
}

// Dispatches lists the repository_dispatch events repo received, oldest first.
func (s *Server) Dispatches(repo string) []Dispatch {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Dispatch
	for _, d := range s.dispatches {
		if d.Repo == repo {
			out = append(out, d)
		}
	}
	return out
}

// createDispatch is POST /repos/{owner}/{repo}/dispatches: GitHub answers
// 204 with no body, or 422 when event_type is missing or client_payload
// is not an object of at most 10 top-level keys.
func (s *Server) createDispatch(w http.ResponseWriter, r *http.Request) {
	var body struct {
		EventType     string          `json:"event_type"`
		ClientPayload json.RawMessage `json:"client_payload"`
	}
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20)).Decode(&body); err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"message": "Problems parsing JSON"})
		return
	}
	var top map[string]json.RawMessage
	switch {
	case body.EventType == "" || len(body.EventType) > 100:
		writeJSON(w, http.StatusUnprocessableEntity, map[string]string{"message": "Invalid request.\n\nNo subschema in \"anyOf\" matched.\n\"event_type\" wasn't supplied."})
		return
	case len(body.ClientPayload) > 0 && (json.Unmarshal(body.ClientPayload, &top) != nil || len(top) > 10):
		writeJSON(w, http.StatusUnprocessableEntity, map[string]string{"message": "Invalid request.\n\nFor 'properties/client_payload', it must be an object with at most 10 properties."})
		return
	}
	s.mu.Lock()
	s.dispatches = append(s.dispatches, Dispatch{Repo: repoName(r), EventType: body.EventType, ClientPayload: body.ClientPayload})
	s.Writes++
	s.mu.Unlock()
	w.WriteHeader(http.StatusNoContent)
}
