package provider_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"connectrpc.com/connect"
	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/mockapi"
)

const teamAddr = "gitpod_team.test"

func teamConfig(name, triggers string) string {
	t := ""
	if triggers != "" {
		t = fmt.Sprintf("\n  invitation_reset_triggers = { rotation = %q }", triggers)
	}
	return fmt.Sprintf(`
resource "gitpod_team" "test" {
  name = %q%s
}
`, name, t)
}

// teamMatchesMock checks that the team in state exists in the mock with the
// same name, slug and invitation.
func teamMatchesMock(e *testEnv) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		id, err := attr(s, teamAddr, "id")
		if err != nil {
			return err
		}
		team := e.mock.Team(id)
		if team == nil {
			return fmt.Errorf("team %s is in state but not in the mock", id)
		}
		for name, want := range map[string]string{"name": team.GetName(), "slug": team.GetSlug(), "invitation_id": team.GetTeamInvitation().GetId()} {
			if got, _ := attr(s, teamAddr, name); got != want {
				return fmt.Errorf("%s: state has %q, mock has %q", name, got, want)
			}
		}
		return nil
	}
}

func teamsDestroyed(e *testEnv) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if teams := e.mock.Teams(); len(teams) != 0 {
			return fmt.Errorf("%d team(s) left in the mock after destroy, first %s", len(teams), teams[0].GetId())
		}
		return nil
	}
}

func TestAccTeam_lifecycle(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	sameID := statecheck.CompareValue(compare.ValuesSame())
	invitationChanges := statecheck.CompareValue(compare.ValuesDiffer())
	idChanges := statecheck.CompareValue(compare.ValuesDiffer())

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		CheckDestroy:             teamsDestroyed(e),
		Steps: []resource.TestStep{
			{
				Config: e.config(teamConfig("Platform Team", "")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(teamAddr, plancheck.ResourceActionCreate),
					plancheck.ExpectUnknownValue(teamAddr, tfjsonpath.New("id")),
					plancheck.ExpectSensitiveValue(teamAddr, tfjsonpath.New("invitation_id")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(teamAddr, tfjsonpath.New("id"), knownvalue.StringRegexp(uuidRE)),
					statecheck.ExpectKnownValue(teamAddr, tfjsonpath.New("name"), knownvalue.StringExact("Platform Team")),
					statecheck.ExpectKnownValue(teamAddr, tfjsonpath.New("slug"), knownvalue.StringExact("platform-team")),
					statecheck.ExpectKnownValue(teamAddr, tfjsonpath.New("invitation_id"), knownvalue.StringRegexp(uuidRE)),
					statecheck.ExpectSensitiveValue(teamAddr, tfjsonpath.New("invitation_id")),
					sameID.AddStateValue(teamAddr, tfjsonpath.New("id")),
					invitationChanges.AddStateValue(teamAddr, tfjsonpath.New("invitation_id")),
					idChanges.AddStateValue(teamAddr, tfjsonpath.New("id")),
				},
				Check: teamMatchesMock(e),
			},
			{
				ResourceName:      teamAddr,
				ImportState:       true,
				ImportStateVerify: true,
			},
			{
				// Changing the triggers resets the invitation in place.
				Config: e.config(teamConfig("Platform Team", "2026-q4")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(teamAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectUnknownValue(teamAddr, tfjsonpath.New("invitation_id")),
					plancheck.ExpectKnownValue(teamAddr, tfjsonpath.New("slug"), knownvalue.StringExact("platform-team")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(teamAddr, tfjsonpath.New("id")),
					invitationChanges.AddStateValue(teamAddr, tfjsonpath.New("invitation_id")),
				},
				Check: teamMatchesMock(e),
			},
			{
				// No change: nothing planned.
				Config: e.config(teamConfig("Platform Team", "2026-q4")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
			},
			{
				// The API cannot rename: a new name replaces the team.
				Config: e.config(teamConfig("Platform Engineering", "2026-q4")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(teamAddr, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(teamAddr, tfjsonpath.New("slug"), knownvalue.StringExact("platform-engineering")),
					idChanges.AddStateValue(teamAddr, tfjsonpath.New("id")),
				},
				Check: resource.ComposeAggregateTestCheckFunc(teamMatchesMock(e), func(*terraform.State) error {
					if n := len(e.mock.Teams()); n != 1 {
						return fmt.Errorf("mock holds %d teams after replacement, want 1", n)
					}
					return nil
				}),
			},
		},
	})
}

func TestAccTeam_drift(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	var id string
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		CheckDestroy:             teamsDestroyed(e),
		Steps: []resource.TestStep{
			{
				Config: e.config(teamConfig("Drift", "")),
				Check: func(s *terraform.State) (err error) {
					id, err = attr(s, teamAddr, "id")
					return err
				},
			},
			{
				// Renamed outside Terraform: the plan shows the replacement
				// that brings back the configured name.
				PreConfig: func() {
					if err := e.mock.RenameTeam(id, "Renamed by hand"); err != nil {
						t.Fatal(err)
					}
				},
				Config: e.config(teamConfig("Drift", "")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(teamAddr, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				Check: func(s *terraform.State) (err error) {
					id, err = attr(s, teamAddr, "id")
					return err
				},
			},
			{
				// Deleted outside Terraform: the plan creates it again.
				PreConfig: func() {
					if !e.mock.RemoveTeam(id) {
						t.Fatalf("team %s was not in the mock", id)
					}
				},
				Config: e.config(teamConfig("Drift", "")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(teamAddr, plancheck.ResourceActionCreate),
				}},
				Check: teamMatchesMock(e),
			},
			{
				// Gone between refresh and delete: destroy still succeeds.
				PreConfig: func() {
					e.mock.Inject("DeleteTeam", mockapi.Fault{Code: connect.CodeNotFound, Times: 1})
				},
				Config:  e.config(teamConfig("Drift", "")),
				Destroy: true,
				Check: func(*terraform.State) error {
					if got := e.mock.Calls("DeleteTeam"); got < 2 {
						return fmt.Errorf("DeleteTeam calls = %d; the injected not_found was not exercised", got)
					}
					return nil
				},
			},
		},
	})
}

func TestAccTeam_errors(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		CheckDestroy:             teamsDestroyed(e),
		Steps: []resource.TestStep{
			{
				Config:      e.config(teamConfig("   ", "")),
				ExpectError: errorMatching("Attribute name must contain a character other than white space"),
				PlanOnly:    true,
			},
			{
				Config:      e.config(teamConfig(" Platform", "")),
				ExpectError: errorMatching("Attribute name must not start or end with white space"),
				PlanOnly:    true,
			},
			{
				Config:      e.config(teamConfig(strings.Repeat("x", 65), "")),
				ExpectError: errorMatching("Attribute name string length must be between 1 and 64"),
				PlanOnly:    true,
			},
			{
				// A refusal from the API becomes a readable diagnostic.
				PreConfig: func() {
					e.mock.Inject("CreateTeam", mockapi.Fault{Code: connect.CodePermissionDenied, Times: 1})
				},
				Config:      e.config(teamConfig("Refused", "")),
				ExpectError: errorMatching(`Unable to create team "Refused"`, "answered permission_denied", "only team owners"),
			},
			{
				Config:        e.config(teamConfig("Imported", "")),
				ResourceName:  teamAddr,
				ImportState:   true,
				ImportStateId: "not-a-uuid",
				ExpectError:   errorMatching("Invalid team ID", "a UUID"),
			},
			{
				Config:      e.providerBlock("wrong-token") + teamConfig("Unauthenticated", ""),
				ExpectError: errorMatching("answered unauthenticated", "GITPOD_TOKEN"),
			},
			{
				Config:      strings.Replace(e.config(teamConfig("Plain", "")), e.url, "http://gitpod.example.com", 1),
				ExpectError: errorMatching("Invalid Gitpod host", "plain http is only allowed for loopback hosts"),
			},
		},
	})
}

func TestAccTeam_retriesUnavailableBurst(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		CheckDestroy:             teamsDestroyed(e),
		Steps: []resource.TestStep{
			{Config: e.config(teamConfig("Flaky", ""))},
			{
				// Three 503s in a row on every refresh read; each read
				// succeeds on its fourth attempt.
				PreConfig: func() {
					e.mock.ResetCalls()
					e.mock.Inject("GetTeam", mockapi.Fault{Code: connect.CodeUnavailable, Times: 3})
				},
				Config: e.config(teamConfig("Flaky", "")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
				Check: func(*terraform.State) error {
					if got := e.mock.Calls("GetTeam"); got < 4 {
						return fmt.Errorf("GetTeam calls = %d, want at least 4 (3 failures and a success)", got)
					}
					return nil
				},
			},
		},
	})
}

// TestAccTeam_tokenNeverLogged runs a whole lifecycle with TF_LOG=trace and
// proves that the Bearer token appears nowhere in the log, while the log does
// hold the provider's own API call lines. It sets environment variables, so
// it cannot run in parallel.
func TestAccTeam_tokenNeverLogged(t *testing.T) {
	e := newTestEnv(t)
	user := e.mock.AddUser(mockapi.User{Name: "Logger", Email: "log@example.com"})
	logPath := filepath.Join(t.TempDir(), "trace.log")
	t.Setenv("TF_LOG", "TRACE")
	t.Setenv("TF_ACC_LOG_PATH", logPath)
	t.Setenv("GITPOD_TOKEN", user.Token)
	cfg := fmt.Sprintf("provider \"gitpod\" {\n  host = %q\n}\n", e.url) + teamConfig("Logged", "a")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		CheckDestroy:             teamsDestroyed(e),
		Steps: []resource.TestStep{
			{Config: cfg},
			{Config: strings.Replace(cfg, `"a"`, `"b"`, 1)},
		},
	})
	logs, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(logs), "Gitpod API call") || !strings.Contains(string(logs), "CreateTeam") {
		t.Fatal("the trace log holds no provider API call lines, so it proves nothing")
	}
	if strings.Contains(string(logs), user.Token) {
		t.Fatal("the Bearer token appears in the TF_LOG=trace output")
	}
}
