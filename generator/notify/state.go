package notify

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/statusgen/statusgen/generator/sitefs"
)

// State is what each channel was last told: the notify state file,
// committed with the site (docs/notify.md says why).
type State struct {
	Version  int                      `json:"version"`
	Channels map[string]*ChannelState `json:"channels"`
}

// ChannelState is what one channel was told.
type ChannelState struct {
	// Alerts are the alerts the channel was told fired and not yet told
	// resolved, by key.
	Alerts map[string]AlertState `json:"alerts"`
	// Incidents are the incidents the channel knows, by slug.
	Incidents map[string]IncidentState `json:"incidents"`
	// Maintenance holds the maintenance windows whose start was sent.
	Maintenance map[string]string `json:"maintenance"`
}

// AlertState is one alert a channel was told about.
type AlertState struct {
	Since    time.Time `json:"since"`     // when it was first sent as fired
	LastSent time.Time `json:"last_sent"` // the last fired or repeat message
	// What the resolution message names, should the SLO be gone by then.
	Severity    string `json:"severity"`
	ServiceName string `json:"service_name"`
	SLOName     string `json:"slo_name,omitempty"`
	Rule        string `json:"rule"`
}

// IncidentState is what a channel was last told of an incident.
type IncidentState struct {
	Status   string `json:"status"`
	Updates  int    `json:"updates"`
	Resolved bool   `json:"resolved"`
}

const stateVersion = 1

func newChannelState() *ChannelState {
	return &ChannelState{Alerts: map[string]AlertState{}, Incidents: map[string]IncidentState{}, Maintenance: map[string]string{}}
}

// LoadState reads the state file at rel (relative to the site folder
// dir); a missing file is an empty state.
func LoadState(dir, rel string) (*State, error) {
	st := &State{Version: stateVersion, Channels: map[string]*ChannelState{}}
	b, err := sitefs.ReadSiteFile(dir, filepath.Join(dir, rel))
	if errors.Is(err, fs.ErrNotExist) {
		return st, nil
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %v", rel, err)
	}
	if err := json.Unmarshal(b, st); err != nil {
		return nil, fmt.Errorf("%s: not a notify state file (%v); restore it from git, or remove it to start afresh (every open alert and incident is then sent again)", rel, err)
	}
	if st.Version != stateVersion {
		return nil, fmt.Errorf("%s: state version %d, this statusgen reads %d; upgrade statusgen", rel, st.Version, stateVersion)
	}
	if st.Channels == nil {
		st.Channels = map[string]*ChannelState{}
	}
	for _, cs := range st.Channels {
		if cs.Alerts == nil {
			cs.Alerts = map[string]AlertState{}
		}
		if cs.Incidents == nil {
			cs.Incidents = map[string]IncidentState{}
		}
		if cs.Maintenance == nil {
			cs.Maintenance = map[string]string{}
		}
	}
	return st, nil
}

// Save writes the state to rel in the site folder dir atomically: into a
// temporary file beside it, synced, then renamed over the old one, so a
// crash leaves the old state or the new one, never half of either.
func (st *State) Save(dir, rel string) error {
	b, err := json.MarshalIndent(st, "", "  ")
	if err != nil {
		return err
	}
	b = append(b, '\n')
	path := filepath.Join(dir, rel)
	real, err := sitefs.WritableSiteDir(dir, filepath.Dir(path), true)
	if err != nil {
		return err
	}
	target := filepath.Join(real, filepath.Base(path))
	if err := sitefs.CheckWritableFile(rel, target); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(real, ".notify-state-*.tmp")
	if err != nil {
		return fmt.Errorf("%s: cannot write the state: %v", rel, err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return fmt.Errorf("%s: cannot write the state: %v", rel, err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("%s: cannot write the state: %v", rel, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("%s: cannot write the state: %v", rel, err)
	}
	if err := os.Rename(tmp.Name(), target); err != nil {
		return fmt.Errorf("%s: cannot write the state: %v", rel, err)
	}
	return nil
}
