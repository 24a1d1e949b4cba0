package benchrun

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/memoria-history/memoria/internal/bench"
	"github.com/memoria-history/memoria/internal/history"
)

// uploadPeople is how many people the uploaded dataset adds, each with a
// relation to an existing person: 1,000 records, issue 18's load.
const uploadPeople = 500

// uploadChecks is how many of the uploaded people are looked up after the
// load, by id and by a path to the person they are related to.
const uploadChecks = 10

// adminLoad sends a dataset of new people, each related to an existing
// one, to the running server's /admin/load as one YAML file, times it
// until the server answers that it is applied, and then asks for some of
// its people and their paths into the graph. synth's datasets number
// their ids from 1, and would replace the bench's own records: this one
// has ids of its own.
func (r *runner) adminLoad(ctx context.Context, client *http.Client, url, token string, m *mutations) (bench.UploadInfo, error) {
	body, pairs := m.uploadDataset(uploadPeople)
	info := bench.UploadInfo{Records: 2 * uploadPeople, Bytes: len(body)}
	fmt.Fprintf(r.stderr, "bench: admin load of %d records\n", info.Records)
	base := strings.TrimSuffix(url, "/graphql")
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/admin/load", bytes.NewReader(body))
	if err != nil {
		return info, fmt.Errorf("bench: admin load: %w", err)
	}
	req.Header.Set("Content-Type", "application/yaml")
	req.Header.Set("Authorization", "Bearer "+token)
	start := time.Now()
	resp, err := client.Do(req)
	if err != nil {
		return info, fmt.Errorf("bench: admin load: %w", err)
	}
	answer, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	info.Elapsed = time.Since(start)
	if err != nil {
		return info, fmt.Errorf("bench: admin load: read the answer: %w", err)
	}
	var rep struct {
		Revision uint64 `json:"revision"`
	}
	if resp.StatusCode != http.StatusOK || json.Unmarshal(answer, &rep) != nil || rep.Revision == 0 {
		return info, fmt.Errorf("bench: admin load: status %d: %.300s", resp.StatusCode, answer)
	}
	info.Revision = rep.Revision
	gql := bench.NewGraphQL(url, client)
	step := max(1, len(pairs)/uploadChecks)
	for i := 0; i < len(pairs); i += step {
		info.Checked++
		if served(ctx, gql, pairs[i]) {
			info.Served++
		}
	}
	return info, nil
}

// served reports whether the server answers for a loaded person and finds
// the path to the person it was related to.
func served(ctx context.Context, gql *bench.GraphQL, pair [2]history.ID) bool {
	body, err := bench.Body(`query($a: ID!, $z: ID!) { node(id: $a) { id } path(from: $a, to: $z, maxHops: 1) { length } }`, map[string]any{"a": pair[0], "z": pair[1]})
	if err != nil {
		return false
	}
	_, err = gql.Query(ctx, body)
	return err == nil
}

// uploadDataset writes a dataset of n new people, each related to an
// existing person drawn from the seed and citing the dataset's source, as
// one YAML file, and the pairs it relates.
func (m *mutations) uploadDataset(n int) ([]byte, [][2]history.ID) {
	m.mu.Lock()
	defer m.mu.Unlock()
	pairs := make([][2]history.ID, n)
	var people, relations strings.Builder
	for i := range n {
		id := history.ID(fmt.Sprintf("person/bench-load-%05d", i+1))
		pairs[i] = [2]history.ID{id, m.people[m.r.IntN(len(m.people))]}
		cite := fmt.Sprintf("%s load %d", m.source, i+1)
		fmt.Fprintf(&people, "  - id: %s\n    name: Benchloaded %s\n    born: \"1901\"\n    cite: %s\n", id, spell(i+1), cite)
		fmt.Fprintf(&relations, "  - id: relation/bench-load-%05d\n    subject: %s\n    type: %s\n    object: %s\n    cite: %s\n", i+1, id, history.RelAlliedWith, pairs[i][1], cite)
	}
	return []byte("people:\n" + people.String() + "relations:\n" + relations.String()), pairs
}
