package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"mime"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/graphql-go/graphql"
	"github.com/graphql-go/graphql/gqlerrors"
	"github.com/graphql-go/graphql/language/ast"
	"github.com/graphql-go/graphql/language/location"
	"github.com/graphql-go/graphql/language/parser"
	"github.com/graphql-go/graphql/language/source"

	"github.com/memoria-history/memoria/internal/auth"
	"github.com/memoria-history/memoria/internal/history"
)

// The media types of GraphQL-over-HTTP responses.
const (
	mediaGraphQLResponse = "application/graphql-response+json"
	mediaJSON            = "application/json"
)

// Executor runs a validated document; *api.API is one. The extensions of
// the result it returns, such as the graph's revision, are sent beside
// the request id.
type Executor interface {
	Schema() *graphql.Schema
	Execute(ctx context.Context, doc *ast.Document, operation string, variables map[string]any) *graphql.Result
}

// request is a GraphQL-over-HTTP request, from a JSON body or URL
// parameters.
type request struct {
	Query         string          `json:"query"`
	OperationName string          `json:"operationName"`
	Variables     map[string]any  `json:"variables"`
	Extensions    json.RawMessage `json:"extensions"`
}

// response is the body of every GraphQL answer. Data is left out (not null)
// when the request failed before execution, as the spec asks for
// application/graphql-response+json.
type response struct {
	Data      any
	Errors    []gqlerrors.FormattedError
	hasData   bool
	requestID string         // sent as extensions.requestId
	order     *keyOrder      // the order of the keys in Data; nil for byte order
	ext       map[string]any // the executor's extensions, sent after requestId
}

// wireError is an error as sent: graphql-go's FormattedError writes
// "locations": null for errors without a place in the document, which some
// clients reject, so empty lists are left out here.
type wireError struct {
	Message    string                    `json:"message"`
	Locations  []location.SourceLocation `json:"locations,omitempty"`
	Path       []any                     `json:"path,omitempty"`
	Extensions map[string]any            `json:"extensions,omitempty"`
}

// appendJSON appends the response's JSON in one pass: data (left out
// without hasData), errors (left out when there are none) and extensions,
// which hold the request id. An error is wrapped as Marshal wraps an error
// from a MarshalJSON method, which is how responses used to be encoded, so
// that its text, which is logged, stays the same.
func (r response) appendJSON(dst []byte) ([]byte, error) {
	out, err := r.appendMembers(append(dst, '{'))
	if err != nil {
		return dst, &json.MarshalerError{Type: reflect.TypeFor[response](), Err: err}
	}
	return append(out, '}'), nil
}

func (r response) appendMembers(dst []byte) ([]byte, error) {
	var err error
	comma := false
	member := func(name string) {
		if comma {
			dst = append(dst, ',')
		}
		comma = true
		dst = append(dst, name...)
	}
	if r.hasData {
		member(`"data":`)
		if dst, err = appendJSONOrdered(dst, r.Data, r.order); err != nil {
			return dst, err
		}
	}
	if len(r.Errors) > 0 {
		member(`"errors":`)
		wire := make([]wireError, len(r.Errors))
		for i, e := range r.Errors {
			wire[i] = wireError{Message: e.Message, Locations: e.Locations, Path: e.Path, Extensions: e.Extensions}
		}
		if dst, err = appendMarshaled(dst, wire); err != nil {
			return dst, err
		}
	}
	member(`"extensions":{"requestId":`)
	dst = appendJSONString(dst, r.requestID)
	for _, k := range slices.Sorted(maps.Keys(r.ext)) {
		if k == "requestId" {
			continue
		}
		dst = appendJSONString(append(dst, ','), k)
		if dst, err = appendJSON(append(dst, ':'), r.ext[k]); err != nil {
			return dst, err
		}
	}
	return append(dst, '}'), nil
}

// serveGraphQL implements the GraphQL-over-HTTP specification: POST with a
// JSON body, GET with URL parameters for queries only, Accept negotiation
// and the status codes the spec gives for each media type.
func (s *Server) serveGraphQL(w http.ResponseWriter, r *http.Request) {
	if browsing(r) {
		// Someone opened the endpoint's address in a browser: what they
		// want is the console, not an error about a missing query.
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return
	}
	media, ok := s.accepts.negotiate(r.Header.Get("Accept"))
	if !ok {
		s.writeGraphQLError(w, r, mediaJSON, history.CodeNotAcceptable,
			"none of the media types in Accept can be served: ask for "+mediaGraphQLResponse+" or "+mediaJSON)
		return
	}
	who, err := s.gate.identify(r)
	if err == nil {
		err = s.gate.admitRead(who)
	}
	if err != nil {
		s.refuseAccess(w, r, media, err, 0)
		return
	}
	if wait, spent := s.gate.spent(r, who, time.Now()); spent {
		s.refuseAccess(w, r, media, history.Errorf(history.CodeRateLimited, "token %q has written as often as this server allows; try again in %s", who.token.Name, roundUp(wait)), wait)
		return
	}
	req, err := s.readRequest(w, r)
	if history.ErrorCode(err) == history.CodeRequestTooLarge {
		s.metrics.refuse(history.CodeRequestTooLarge, "body_bytes")
	}
	if err != nil {
		s.writeGraphQLError(w, r, media, history.ErrorCode(err), err.Error())
		return
	}
	p := s.prepare(req.Query)
	if p.errors != nil {
		switch p.code {
		case history.CodeQueryTooLarge, history.CodeQueryTooDeep, history.CodeQueryTooComplex:
			s.metrics.refuse(p.code, "query")
		}
		s.writeErrors(w, r, media, statusFor(media, p.code), p.errors)
		return
	}
	setOperation(w, s.metrics.operation(req.OperationName))
	op, err := operation(p.doc, req.OperationName)
	if err != nil {
		s.writeGraphQLError(w, r, media, history.CodeValidationFailed, err.Error())
		return
	}
	if op != ast.OperationTypeQuery {
		if r.Method == http.MethodGet {
			w.Header().Set("Allow", "POST")
			s.writeGraphQLError(w, r, media, history.CodeMethodNotAllowed, "a "+op+" cannot be sent with GET; use POST")
			return
		}
		if op != ast.OperationTypeMutation || s.exec.Schema().MutationType() == nil {
			s.writeGraphQLError(w, r, media, history.CodeValidationFailed, "this API has no "+op+"s")
			return
		}
		if wait, err := s.gate.admitWrite(who, auth.RoleEditor, time.Now()); err != nil {
			s.refuseAccess(w, r, media, err, wait)
			return
		}
	}
	if who.known {
		r = r.WithContext(auth.WithToken(r.Context(), who.token))
	}
	s.execute(w, r, media, p, req, op == ast.OperationTypeMutation)
}

// browsing reports whether a request is a browser's visit to /graphql: a
// GET without a query, from a client that asks for HTML.
func browsing(r *http.Request) bool {
	return r.Method == http.MethodGet && !strings.Contains(r.URL.RawQuery, "query=") &&
		strings.Contains(r.Header.Get("Accept"), "text/html")
}

// statusFor is the status of a GraphQL answer failing with code, as
// GraphQL over HTTP has it: the table's status, except for the errors of
// a well-formed request under application/json, which are answered with
// 200.
func statusFor(media string, code history.Code) int {
	m := code.Meaning()
	if m.Request && media != mediaGraphQLResponse {
		return http.StatusOK
	}
	return m.HTTPStatus
}

// writeGraphQLError answers a GraphQL request with one error, with the
// status statusFor gives.
func (s *Server) writeGraphQLError(w http.ResponseWriter, r *http.Request, media string, code history.Code, msg string) {
	s.writeCoded(w, r, media, statusFor(media, code), code, msg)
}

func (s *Server) execute(w http.ResponseWriter, r *http.Request, media string, p *prepared, req request, write bool) {
	plan := planFor(p.orders, req.OperationName)
	if plan != nil {
		setOperation(w, s.metrics.operation(plan.name))
	}
	heavy := plan != nil && plan.cost >= s.opts.Budget.HeavyCost
	if limit := s.admit(heavy); limit != "" {
		s.writeBusy(w, r, media, limit)
		return
	}
	ctx, cancel := s.start(w, r, media, heavy, write)
	if ctx == nil {
		return
	}
	defer s.finish(cancel, heavy, write)
	start := time.Now()
	m := s.newMeter(ctx)
	res := s.exec.Execute(m, p.doc, req.OperationName, req.Variables)
	s.metrics.resolved.Observe(float64(m.fields.Load()))
	if e, ok := m.exceeded(); ok {
		s.refused(e)
		s.writeGraphQLError(w, r, media, history.ErrorCode(e), e.Error())
		return
	}
	m.stop(nil)
	if ctx.Err() != nil && errors.Is(ctx.Err(), context.DeadlineExceeded) {
		s.metrics.refuse(history.CodeTimeout, "timeout")
		s.writeGraphQLError(w, r, media, history.CodeTimeout, fmt.Sprintf("the query did not finish within %s", s.opts.Timeout))
		return
	}
	// Execution started when there is data or an error located in the
	// result; otherwise the variables could not be coerced, which the spec
	// counts as a request error: no data entry, and 400 with
	// graphql-response+json.
	started := res.Data != nil
	for _, e := range res.Errors {
		started = started || len(e.Path) > 0
	}
	resp := response{Data: res.Data, hasData: started, Errors: s.capErrors(res.Errors), ext: res.Extensions}
	if plan != nil {
		resp.order = plan.order
	}
	status := http.StatusOK
	if !started {
		status = statusFor(media, history.CodeInvalid)
		for i := range resp.Errors {
			if resp.Errors[i].Extensions == nil {
				resp.Errors[i].Extensions = extensions(history.CodeInvalid)
			}
		}
	}
	if s.logs(r.Context(), slog.LevelDebug) {
		s.log(r).DebugContext(r.Context(), "graphql executed", "operation", req.OperationName, "duration", time.Since(start), "errors", len(res.Errors), "fields", m.fields.Load())
	}
	s.writeJSON(w, r, media, status, resp)
}

// readRequest reads a GraphQL request from GET parameters or a POST body.
// Its errors are coded for the answer.
func (s *Server) readRequest(w http.ResponseWriter, r *http.Request) (request, error) {
	var req request
	switch r.Method {
	case http.MethodGet:
		q := r.URL.Query()
		req.Query = q.Get("query")
		req.OperationName = q.Get("operationName")
		if v := q.Get("variables"); v != "" {
			if err := decodeJSON(strings.NewReader(v), &req.Variables); err != nil {
				return req, history.Errorf(history.CodeBadRequest, "parameter variables: %v", err)
			}
		}
		req.Extensions = json.RawMessage(q.Get("extensions"))
	case http.MethodPost:
		if !isJSONContent(r.Header.Get("Content-Type")) {
			return req, history.Errorf(history.CodeUnsupportedMediaType, "send the request as Content-Type: application/json")
		}
		body := http.MaxBytesReader(w, r.Body, s.opts.MaxBodyBytes)
		if err := decodeJSON(body, &req); err != nil {
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				return req, history.Errorf(history.CodeRequestTooLarge, "the request body is larger than %d bytes", s.opts.MaxBodyBytes)
			}
			return req, history.Errorf(history.CodeBadRequest, "request body: %v", err)
		}
	default:
		w.Header().Set("Allow", "GET, POST")
		return req, history.Errorf(history.CodeMethodNotAllowed, "method %s is not allowed: use GET for queries or POST", r.Method)
	}
	if !jsonObjectOrNull(req.Extensions) {
		return req, history.Errorf(history.CodeBadRequest, "extensions must be a JSON object")
	}
	if strings.TrimSpace(req.Query) == "" {
		return req, history.Errorf(history.CodeBadRequest, "the request has no query")
	}
	return req, nil
}

// jsonObjectOrNull reports whether raw, a request's extensions, is left
// out, null or an object, as GraphQL over HTTP requires; variables are
// held to the same by their type.
func jsonObjectOrNull(raw json.RawMessage) bool {
	v := strings.TrimSpace(string(raw))
	if v == "" || v == "null" {
		return true
	}
	var obj map[string]json.RawMessage
	return v[0] == '{' && json.Unmarshal(raw, &obj) == nil
}

// isJSONContent reports whether a Content-Type names application/json,
// with or without parameters. Clients nearly always send exactly
// "application/json", which needs no parsing.
func isJSONContent(ct string) bool {
	if ct == mediaJSON {
		return true
	}
	mt, _, err := mime.ParseMediaType(ct)
	return err == nil && mt == mediaJSON
}

// decodeJSON decodes one JSON value and refuses trailing data.
func decodeJSON(r io.Reader, v any) error {
	dec := json.NewDecoder(r)
	if err := dec.Decode(v); err != nil {
		if errors.Is(err, io.EOF) {
			return errors.New("empty body: send a JSON object with a query")
		}
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return err
		}
		return fmt.Errorf("not a JSON object with query, variables and operationName: %v", err)
	}
	if dec.More() {
		return errors.New("more than one JSON value; batching is not supported")
	}
	return nil
}

// prepare guards, parses and validates a query, through the cache.
func (s *Server) prepare(q string) *prepared {
	if p, ok := s.docs.get(q); ok {
		return p
	}
	p := s.prepareUncached(q)
	s.docs.add(q, p)
	return p
}

func (s *Server) prepareUncached(q string) *prepared {
	fail := func(code history.Code, errs ...gqlerrors.FormattedError) *prepared {
		for i := range errs {
			errs[i].Extensions = extensions(code)
		}
		return &prepared{errors: errs, code: code}
	}
	if err := scanTokens(q, s.opts.QueryLimits); err != nil {
		return fail(history.ErrorCode(err), gqlerrors.NewFormattedError(err.Error()))
	}
	src := source.NewSource(&source.Source{Body: []byte(q), Name: "GraphQL request"})
	doc, err := parser.Parse(parser.ParseParams{Source: src})
	if err == nil {
		err = incompleteType(src, doc)
	}
	if err != nil {
		return fail(history.CodeParseFailed, gqlerrors.FormatError(err))
	}
	if err := nonExecutable(src, doc); err != nil {
		return fail(history.CodeValidationFailed, gqlerrors.FormatError(err))
	}
	if err := checkDocument(doc, s.opts.QueryLimits); err != nil {
		return fail(history.ErrorCode(err), gqlerrors.NewFormattedError(err.Error()))
	}
	res := graphql.ValidateDocument(s.exec.Schema(), doc, nil)
	if !res.IsValid {
		return fail(history.CodeValidationFailed, s.capErrors(res.Errors)...)
	}
	return &prepared{doc: doc, orders: plans(doc, s.exec.Schema())}
}

// capErrors keeps the first MaxErrors errors, so that a query made of
// thousands of mistakes does not earn a huge answer, and cuts long
// messages (shortMessages).
func (s *Server) capErrors(errs []gqlerrors.FormattedError) []gqlerrors.FormattedError {
	errs = shortMessages(errs)
	if len(errs) <= s.opts.QueryLimits.MaxErrors {
		return errs
	}
	out := append([]gqlerrors.FormattedError(nil), errs[:s.opts.QueryLimits.MaxErrors]...)
	return append(out, gqlerrors.FormattedError{
		Message:    fmt.Sprintf("%d more errors not shown", len(errs)-s.opts.QueryLimits.MaxErrors),
		Extensions: extensions(history.CodeTooManyErrors),
	})
}

// operation finds the operation a request runs and returns its type. It
// walks the definitions without collecting them: it runs for every request.
func operation(doc *ast.Document, name string) (string, error) {
	count := 0
	var last *ast.OperationDefinition
	for _, def := range doc.Definitions {
		op, ok := def.(*ast.OperationDefinition)
		if !ok {
			continue
		}
		if name != "" && op.Name != nil && op.Name.Value == name {
			return op.Operation, nil
		}
		count++
		last = op
	}
	if name == "" && count == 1 {
		return last.Operation, nil
	}
	if count == 0 {
		return "", errors.New("the document has no operation: send a query")
	}
	if name == "" {
		return "", errors.New("the document has several operations: say which with operationName")
	}
	return "", fmt.Errorf("the document has no operation named %q", name)
}

// acceptCache holds negotiate's answers for the Accept headers GraphQL
// clients commonly send, computed once: parsing an Accept header allocates
// for every media type and parameter in it, on every request. It is never
// written after newAcceptCache.
type acceptCache map[string]string

// newAcceptCache fills the cache with the spec's recommended headers, with
// and without parameters, and what browsers, fetch and common HTTP
// libraries send by default.
func newAcceptCache() acceptCache {
	c := acceptCache{}
	for _, accept := range []string{
		"",
		"*/*",
		mediaJSON,
		mediaGraphQLResponse,
		mediaGraphQLResponse + ", " + mediaJSON,
		mediaGraphQLResponse + ";charset=utf-8, " + mediaJSON + ";charset=utf-8",
		mediaGraphQLResponse + ", " + mediaJSON + ";q=0.9",
		mediaGraphQLResponse + ";charset=utf-8, " + mediaJSON + ";charset=utf-8;q=0.9",
		mediaJSON + ", text/plain, */*",
		mediaJSON + ", multipart/mixed",
	} {
		if media, ok := negotiate(accept); ok {
			c[accept] = media
		}
	}
	return c
}

// negotiate is the package's negotiate, through the cache.
func (c acceptCache) negotiate(accept string) (string, bool) {
	if media, ok := c[accept]; ok {
		return media, true
	}
	return negotiate(accept)
}

// negotiate picks the response media type from an Accept header. With no
// header the spec's current default, application/graphql-response+json,
// applies.
func negotiate(accept string) (string, bool) {
	if strings.TrimSpace(accept) == "" {
		return mediaGraphQLResponse, true
	}
	best, bestQ := "", -1.0
	for _, part := range strings.Split(accept, ",") {
		mt, params, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		q := 1.0
		if v, ok := params["q"]; ok {
			if _, err := fmt.Sscanf(v, "%g", &q); err != nil {
				continue
			}
		}
		var cand string
		switch mt {
		case mediaGraphQLResponse:
			cand = mediaGraphQLResponse
		case mediaJSON:
			cand = mediaJSON
		case "*/*", "application/*":
			cand = mediaGraphQLResponse
		default:
			continue
		}
		if q > 0 && (q > bestQ || q == bestQ && cand == mediaGraphQLResponse) {
			best, bestQ = cand, q
		}
	}
	return best, best != ""
}
