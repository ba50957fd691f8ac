package xapitest

import (
	"encoding/json"
	"fmt"
	"net/http"
)

// Problem type URIs as X emits them today (the classic api.twitter.com host;
// see NOTES §0: clients match on the last path segment).
const (
	problemInvalidRequest   = "https://api.twitter.com/2/problems/invalid-request"
	problemResourceNotFound = "https://api.twitter.com/2/problems/resource-not-found"
	problemBlank            = "about:blank"
	// problemFieldUnauthorized is a field the viewer may not read, such
	// as another author's private metrics (a partial error of a 200).
	problemFieldUnauthorized = "https://api.twitter.com/2/problems/not-authorized-for-field"
)

// problem is an RFC 7807 problem-details body in the shapes X uses: the
// generic about:blank form, invalid-request with its errors list, and
// resource-not-found with the resource fields. Unused fields are omitted.
type problem struct {
	Errors       []problemError `json:"errors,omitempty"`
	Value        string         `json:"value,omitempty"`
	Detail       string         `json:"detail,omitempty"`
	Title        string         `json:"title"`
	ResourceType string         `json:"resource_type,omitempty"`
	Parameter    string         `json:"parameter,omitempty"`
	ResourceID   string         `json:"resource_id,omitempty"`
	Field        string         `json:"field,omitempty"`
	Section      string         `json:"section,omitempty"`
	Type         string         `json:"type"`
	Status       int            `json:"status,omitempty"`
}

// problemError is one entry of an invalid-request problem's errors list.
type problemError struct {
	Parameters map[string][]string `json:"parameters"`
	Message    string              `json:"message"`
}

// writeJSON answers with status and v encoded as JSON.
func writeJSON(w http.ResponseWriter, status int, v any) {
	writeBody(w, "application/json; charset=utf-8", status, v)
}

// writeProblem answers with status and the problem body. Every error answer
// of the /2 API goes through here, so the content type and the body shapes
// stay the same everywhere.
func writeProblem(w http.ResponseWriter, status int, p problem) {
	writeBody(w, "application/problem+json", status, p)
}

func writeBody(w http.ResponseWriter, contentType string, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		http.Error(w, "encoding failed", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", contentType)
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// genericProblem answers with X's about:blank form, the one used for 401,
// 403, 429 and 5xx answers.
func genericProblem(w http.ResponseWriter, status int, detail string) {
	writeProblem(w, status, problem{
		Title:  http.StatusText(status),
		Type:   problemBlank,
		Status: status,
		Detail: detail,
	})
}

// invalidRequest answers 400 with X's invalid-request envelope: one error
// message, and the offending parameters with their values.
func invalidRequest(w http.ResponseWriter, message string, params map[string][]string) {
	if params == nil {
		params = map[string][]string{}
	}
	writeProblem(w, http.StatusBadRequest, problem{
		Errors: []problemError{{Parameters: params, Message: message}},
		Title:  "Invalid Request",
		Detail: "One or more parameters to your request was invalid.",
		Type:   problemInvalidRequest,
	})
}

// notFoundProblem builds the resource-not-found problem X uses for a
// missing post, user or media, both as a partial error inside a 200 and as a
// whole answer.
func notFoundProblem(resourceType, parameter, id string) problem {
	return problem{
		Value:        id,
		Detail:       fmt.Sprintf("Could not find %s with %s: [%s].", resourceType, parameter, id),
		Title:        "Not Found Error",
		ResourceType: resourceType,
		Parameter:    parameter,
		ResourceID:   id,
		Type:         problemResourceNotFound,
	}
}

// Messages X sends verbatim (NOTES §4.1).
const (
	msgJSONContentType = "Requests with bodies must have content-type of application/json."
	msgTooLong         = "Your Tweet text is too long. For more information on how Twitter determines text length see https://github.com/twitter/twitter-text."
	msgInvalidText     = "Your Tweet text contains characters that cannot be posted."
	msgDuplicate       = "You are not allowed to create a Tweet with duplicate content."
	msgMediaInvalid    = "Your media IDs are invalid."
	msgReplyMissing    = "You attempted to reply to a Tweet that is deleted or not visible to you."
	msgQuoteMissing    = "You attempted to quote a Tweet that is deleted or not visible to you."
)

// oauthError answers a token or revoke request with the OAuth error body X
// uses (not a problem document).
func oauthError(w http.ResponseWriter, status int, code, description string) {
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, status, map[string]string{"error": code, "error_description": description})
}
