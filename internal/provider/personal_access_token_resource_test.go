package provider_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/mockapi"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/tokenlife"
)

// TestAccPersonalAccessToken_lifecycle creates a token, imports it, renames
// it and rotates it by rotation_triggers. Classic renames and regenerates
// in place (same ID); gitpod.v1 replaces the token each time (new ID, new
// value, the old token deleted).
func TestAccPersonalAccessToken_lifecycle(t *testing.T) {
	forEachAPI(t, func(t *testing.T, e *testEnv) {
		sameOnClassic := pick[compare.ValueComparer](e, compare.ValuesSame(), compare.ValuesDiffer())
		idAcrossRename := statecheck.CompareValue(sameOnClassic)
		tokenAcrossRename := statecheck.CompareValue(sameOnClassic)
		idAcrossRotation := statecheck.CompareValue(sameOnClassic)
		tokenAcrossRotation := statecheck.CompareValue(compare.ValuesDiffer())
		in30Days := func() time.Time { return e.clock.Now().Add(30 * tokenlife.Day) }
		var firstID, firstValue string
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			CheckDestroy:             tokDestroyed(e),
			Steps: []resource.TestStep{
				{
					Config: tokConfig(e, `name = "ci-bot"`),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(tokAddr, plancheck.ResourceActionCreate),
						plancheck.ExpectKnownValue(tokAddr, tfjsonpath.New("expires_in_days"), knownvalue.Int64Exact(30)),
						plancheck.ExpectSensitiveValue(tokAddr, tfjsonpath.New("token")),
					}},
					ConfigStateChecks: []statecheck.StateCheck{
						tokValueWorks{e, tokAddr},
						statecheck.ExpectKnownValue(tokAddr, tfjsonpath.New("id"), knownvalue.StringRegexp(uuidRE)),
						statecheck.ExpectKnownValue(tokAddr, tfjsonpath.New("user_id"), knownvalue.StringExact(mockapi.DemoAliceID)),
						statecheck.ExpectKnownValue(tokAddr, tfjsonpath.New("name"), knownvalue.StringExact("ci-bot")),
						statecheck.ExpectKnownValue(tokAddr, tfjsonpath.New("read_only"), knownvalue.Bool(false)),
						statecheck.ExpectKnownValue(tokAddr, tfjsonpath.New("expires_in_days"), knownvalue.Int64Exact(30)),
						statecheck.ExpectKnownValue(tokAddr, tfjsonpath.New("valid_until"), tokTimeNear(in30Days)),
						statecheck.ExpectKnownValue(tokAddr, tfjsonpath.New("created_at"), tokTimeNear(e.clock.Now)),
						idAcrossRename.AddStateValue(tokAddr, tfjsonpath.New("id")),
						tokenAcrossRename.AddStateValue(tokAddr, tfjsonpath.New("token")),
					},
					Check: resource.ComposeTestCheckFunc(tokLive(e, 1), func(s *terraform.State) error {
						firstID, firstValue = tokStateValue(s, "id"), tokStateValue(s, "token")
						if e.mock.Token(firstID) == nil {
							return fmt.Errorf("token %s is not in the mock", firstID)
						}
						return nil
					}),
				},
				{
					ResourceName:            tokAddr,
					ImportState:             true,
					ImportStateVerify:       true,
					ImportStateVerifyIgnore: []string{"token"},
				},
				{
					Config: tokConfig(e, `name = "ci-bot renamed"`),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(tokAddr, plancheck.ResourceActionUpdate),
						pick[plancheck.PlanCheck](e,
							plancheck.ExpectKnownValue(tokAddr, tfjsonpath.New("id"), knownvalue.StringRegexp(uuidRE)),
							plancheck.ExpectUnknownValue(tokAddr, tfjsonpath.New("id"))),
					}},
					ConfigStateChecks: []statecheck.StateCheck{
						tokValueWorks{e, tokAddr},
						statecheck.ExpectKnownValue(tokAddr, tfjsonpath.New("name"), knownvalue.StringExact("ci-bot renamed")),
						idAcrossRename.AddStateValue(tokAddr, tfjsonpath.New("id")),
						tokenAcrossRename.AddStateValue(tokAddr, tfjsonpath.New("token")),
						idAcrossRotation.AddStateValue(tokAddr, tfjsonpath.New("id")),
						tokenAcrossRotation.AddStateValue(tokAddr, tfjsonpath.New("token")),
					},
					Check: resource.ComposeTestCheckFunc(tokLive(e, 1), func(s *terraform.State) error {
						if e.classic() {
							if n := e.mock.Token(firstID).Name; n != "ci-bot renamed" {
								return fmt.Errorf("the mock's token is named %q after the rename", n)
							}
							return nil
						}
						if e.mock.Token(firstID) != nil {
							return fmt.Errorf("the replaced token %s still exists", firstID)
						}
						if tokAuthenticates(e, firstValue) == nil {
							return fmt.Errorf("the replaced token's value still works")
						}
						return nil
					}),
				},
				{
					Config: tokConfig(e, `
  name              = "ci-bot renamed"
  rotation_triggers = { n = "1" }
`),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(tokAddr, plancheck.ResourceActionUpdate),
						plancheck.ExpectUnknownValue(tokAddr, tfjsonpath.New("token")),
						plancheck.ExpectUnknownValue(tokAddr, tfjsonpath.New("valid_until")),
					}},
					ConfigStateChecks: []statecheck.StateCheck{
						tokValueWorks{e, tokAddr},
						idAcrossRotation.AddStateValue(tokAddr, tfjsonpath.New("id")),
						tokenAcrossRotation.AddStateValue(tokAddr, tfjsonpath.New("token")),
						statecheck.ExpectKnownValue(tokAddr, tfjsonpath.New("valid_until"), tokTimeNear(in30Days)),
					},
					Check: tokLive(e, 1),
				},
			},
		})
	})
}

// TestAccPersonalAccessToken_rotationWindow moves the shared clock: outside
// the rotate_before_days window the plan is empty; inside it the token is
// rotated to a fresh validity.
func TestAccPersonalAccessToken_rotationWindow(t *testing.T) {
	forEachAPI(t, func(t *testing.T, e *testEnv) {
		cfg := tokConfig(e, `
  name               = "ci-bot"
  expires_in_days    = 30
  rotate_before_days = 7
`)
		value := statecheck.CompareValue(compare.ValuesDiffer())
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			CheckDestroy:             tokDestroyed(e),
			Steps: []resource.TestStep{
				{
					Config:            cfg,
					ConfigStateChecks: []statecheck.StateCheck{value.AddStateValue(tokAddr, tfjsonpath.New("token"))},
				},
				{
					// Eight days left: outside the window.
					PreConfig: func() { e.clock.Advance(22 * tokenlife.Day) },
					Config:    cfg,
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectEmptyPlan(),
					}},
				},
				{
					// Just under seven days left: inside it.
					PreConfig: func() { e.clock.Advance(tokenlife.Day + time.Minute) },
					Config:    cfg,
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(tokAddr, plancheck.ResourceActionUpdate),
						plancheck.ExpectUnknownValue(tokAddr, tfjsonpath.New("token")),
					}},
					ConfigStateChecks: []statecheck.StateCheck{
						tokValueWorks{e, tokAddr},
						value.AddStateValue(tokAddr, tfjsonpath.New("token")),
						statecheck.ExpectKnownValue(tokAddr, tfjsonpath.New("valid_until"), tokTimeNear(func() time.Time { return e.clock.Now().Add(30 * tokenlife.Day) })),
					},
					Check: tokLive(e, 1),
				},
			},
		})
	})
}

// TestAccPersonalAccessToken_expiredRotates lets a token without
// rotate_before_days expire: the plan rotates it instead of keeping a
// dead value.
func TestAccPersonalAccessToken_expiredRotates(t *testing.T) {
	forEachAPI(t, func(t *testing.T, e *testEnv) {
		cfg := tokConfig(e, `name = "ci-bot"`)
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			CheckDestroy:             tokDestroyed(e),
			Steps: []resource.TestStep{
				{Config: cfg},
				{
					PreConfig: func() { e.clock.Advance(31 * tokenlife.Day) },
					Config:    cfg,
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(tokAddr, plancheck.ResourceActionUpdate),
						plancheck.ExpectUnknownValue(tokAddr, tfjsonpath.New("token")),
					}},
					ConfigStateChecks: []statecheck.StateCheck{
						tokValueWorks{e, tokAddr},
						statecheck.ExpectKnownValue(tokAddr, tfjsonpath.New("valid_until"), tokTimeNear(func() time.Time { return e.clock.Now().Add(30 * tokenlife.Day) })),
					},
					Check: tokLive(e, 1),
				},
			},
		})
	})
}

// TestAccPersonalAccessToken_deletedOutOfBand revokes the token outside
// Terraform: the next plan creates a new one instead of failing.
func TestAccPersonalAccessToken_deletedOutOfBand(t *testing.T) {
	forEachAPI(t, func(t *testing.T, e *testEnv) {
		cfg := tokConfig(e, `name = "ci-bot"`)
		id := statecheck.CompareValue(compare.ValuesDiffer())
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			CheckDestroy:             tokDestroyed(e),
			Steps: []resource.TestStep{
				{
					Config:            cfg,
					ConfigStateChecks: []statecheck.StateCheck{id.AddStateValue(tokAddr, tfjsonpath.New("id"))},
				},
				{
					PreConfig: func() {
						for _, tok := range e.liveTokens() {
							e.mock.DeleteToken(tok.ID)
						}
					},
					Config: cfg,
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(tokAddr, plancheck.ResourceActionCreate),
					}},
					ConfigStateChecks: []statecheck.StateCheck{
						tokValueWorks{e, tokAddr},
						id.AddStateValue(tokAddr, tfjsonpath.New("id")),
					},
					Check: tokLive(e, 1),
				},
			},
		})
	})
}

// TestAccPersonalAccessToken_regeneratedElsewhere regenerates the token's
// value outside Terraform (Classic only: gitpod.v1 cannot regenerate). The
// value in state no longer works, so the next plan rotates instead of
// saying "No changes".
func TestAccPersonalAccessToken_regeneratedElsewhere(t *testing.T) {
	tokOnlyAPI(t, "classic", func(t *testing.T, e *testEnv) {
		cfg := tokConfig(e, `name = "ci-bot"`)
		var stolen string
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			CheckDestroy:             tokDestroyed(e),
			Steps: []resource.TestStep{
				{Config: cfg},
				{
					PreConfig: func() {
						var err error
						stolen, err = e.mock.RegenerateToken(e.liveTokens()[0].ID, e.clock.Now().Add(40*tokenlife.Day))
						if err != nil {
							t.Fatal(err)
						}
					},
					Config: cfg,
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(tokAddr, plancheck.ResourceActionUpdate),
						plancheck.ExpectUnknownValue(tokAddr, tfjsonpath.New("token")),
					}},
					ConfigStateChecks: []statecheck.StateCheck{tokValueWorks{e, tokAddr}},
					Check: func(s *terraform.State) error {
						if tokAuthenticates(e, stolen) == nil {
							return fmt.Errorf("the value made elsewhere still works after the rotation")
						}
						return tokLive(e, 1)(s)
					},
				},
				{
					// The rotation cleared the mark: no further rotation.
					Config:   cfg,
					PlanOnly: true,
				},
			},
		})
	})
}

// TestAccPersonalAccessToken_lostRotation drops the answers of rotations.
// Classic: a dropped regenerate is repeated by the transport (it is safe
// to repeat), so the apply succeeds with the last value; when every
// attempt is dropped the apply fails, the value in state is marked stale,
// and the next plan rotates although nothing in the configuration changed.
// gitpod.v1 rotates by creating a new token: a lost create is reconciled;
// when every create is lost the old token is kept, still working, and the
// plan stays empty. Afterwards a second provider authenticates with the
// value in state.
func TestAccPersonalAccessToken_lostRotation(t *testing.T) {
	forEachAPI(t, func(t *testing.T, e *testEnv) {
		method := pick(e, "RegeneratePersonalAccessToken", "CreatePersonalAccessToken")
		withTriggers := func(n string) string {
			return tokConfig(e, fmt.Sprintf(`
  name              = "ci-bot"
  rotation_triggers = { n = %q }
`, n))
		}
		callsBefore := 0
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			CheckDestroy:             tokDestroyed(e),
			Steps: []resource.TestStep{
				{Config: withTriggers("0")},
				{
					// One answer lost.
					PreConfig: func() {
						callsBefore = e.mock.Calls(method)
						e.mock.Inject(method, mockapi.Fault{DropAfterWork: true, Times: 1})
					},
					Config:            withTriggers("1"),
					ConfigStateChecks: []statecheck.StateCheck{tokValueWorks{e, tokAddr}},
					Check: resource.ComposeTestCheckFunc(tokLive(e, 1), func(*terraform.State) error {
						if n := e.mock.Calls(method) - callsBefore; n < 2 {
							return fmt.Errorf("%s was called %d time(s) in this step: the answer was not lost and retried", method, n)
						}
						return nil
					}),
				},
				{
					// Every answer lost.
					PreConfig: func() {
						e.mock.Inject(method, mockapi.Fault{DropAfterWork: true})
					},
					Config: withTriggers("2"),
					ExpectError: errorMatching(pick(e,
						"Unable to rotate personal access token",
						`Unable to create personal access token "ci-bot"`)),
				},
				{
					PreConfig: e.mock.ClearFaults,
					// The configuration the state holds: only the lost
					// answer can make this plan rotate.
					Config: withTriggers("1"),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						pick(e,
							plancheck.ExpectUnknownValue(tokAddr, tfjsonpath.New("token")),
							plancheck.ExpectEmptyPlan()),
					}},
					ConfigStateChecks: []statecheck.StateCheck{tokValueWorks{e, tokAddr}},
					Check:             tokLive(e, 1),
				},
				{
					Config: withTriggers("1") + tokAliasCheck(e, "check", tokAddr+".token"),
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue("data.gitpod_current_user.check", tfjsonpath.New("id"), knownvalue.StringExact(mockapi.DemoAliceID)),
					},
				},
			},
		})
	})
}

// TestAccPersonalAccessToken_lostCreate drops the answer of the create
// once. The provider finds the token it made (Classic: and regenerates it
// to learn a value; gitpod.v1: deletes it and creates it again), so the
// mock ends with exactly one token, the one in state, whose value works.
func TestAccPersonalAccessToken_lostCreate(t *testing.T) {
	forEachAPI(t, func(t *testing.T, e *testEnv) {
		cfg := tokConfig(e, `name = "ci-bot"`)
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			CheckDestroy:             tokDestroyed(e),
			Steps: []resource.TestStep{
				{
					PreConfig: func() {
						e.mock.Inject("CreatePersonalAccessToken", mockapi.Fault{DropAfterWork: true, Times: 1})
					},
					Config:            cfg,
					ConfigStateChecks: []statecheck.StateCheck{tokValueWorks{e, tokAddr}},
					Check: resource.ComposeTestCheckFunc(tokLive(e, 1), func(s *terraform.State) error {
						if id := tokStateValue(s, "id"); e.liveTokens()[0].ID != id {
							return fmt.Errorf("state holds token %s, the mock %s", id, e.liveTokens()[0].ID)
						}
						if n := e.mock.Calls("CreatePersonalAccessToken"); n != pick(e, 1, 2) {
							return fmt.Errorf("CreatePersonalAccessToken was called %d time(s)", n)
						}
						return nil
					}),
				},
				{
					Config: cfg + tokAliasCheck(e, "check", tokAddr+".token"),
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue("data.gitpod_current_user.check", tfjsonpath.New("id"), knownvalue.StringExact(mockapi.DemoAliceID)),
					},
				},
			},
		})
	})
}

// TestAccPersonalAccessToken_countLostCreate creates two tokens with the
// same name while one create answer is lost: each instance gets its own
// token (two distinct IDs), both values work, and the mock holds exactly
// two.
func TestAccPersonalAccessToken_countLostCreate(t *testing.T) {
	forEachAPI(t, func(t *testing.T, e *testEnv) {
		cfg := e.config(`
resource "gitpod_personal_access_token" "t" {
  count = 2
  name  = "ci-bot"
}
`)
		first, second := tokAddr+"[0]", tokAddr+"[1]"
		ids := statecheck.CompareValue(compare.ValuesDiffer())
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			CheckDestroy:             tokDestroyed(e),
			Steps: []resource.TestStep{
				{
					PreConfig: func() {
						e.mock.Inject("CreatePersonalAccessToken", mockapi.Fault{DropAfterWork: true, Times: 1})
					},
					Config: cfg,
					ConfigStateChecks: []statecheck.StateCheck{
						tokValueWorks{e, first},
						tokValueWorks{e, second},
						ids.AddStateValue(first, tfjsonpath.New("id")),
						ids.AddStateValue(second, tfjsonpath.New("id")),
					},
					Check: resource.ComposeTestCheckFunc(tokLive(e, 2), func(*terraform.State) error {
						if n := e.mock.Calls("CreatePersonalAccessToken"); n != pick(e, 2, 3) {
							return fmt.Errorf("CreatePersonalAccessToken was called %d time(s): the fault did not fire as expected", n)
						}
						return nil
					}),
				},
				{
					Config: cfg + tokAliasCheck(e, "first", first+".token") + tokAliasCheck(e, "second", second+".token"),
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue("data.gitpod_current_user.first", tfjsonpath.New("id"), knownvalue.StringExact(mockapi.DemoAliceID)),
						statecheck.ExpectKnownValue("data.gitpod_current_user.second", tfjsonpath.New("id"), knownvalue.StringExact(mockapi.DemoAliceID)),
					},
				},
			},
		})
	})
}

// TestAccPersonalAccessToken_fixedExpiry covers Classic's fixed
// expires_at: once it has passed, plans warn instead of failing or
// rotating to a dead value, and destroy still works; moving it to another
// past time is an error; moving it to the future rotates the token. A new
// token with a past expires_at is a plan error.
func TestAccPersonalAccessToken_fixedExpiry(t *testing.T) {
	tokOnlyAPI(t, "classic", func(t *testing.T, e *testEnv) {
		start := e.clock.Now()
		at := func(d time.Duration) string {
			return tokConfig(e, fmt.Sprintf(`
  name       = "ci-bot"
  expires_at = %q
`, start.Add(d).Format(time.RFC3339)))
		}
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			CheckDestroy:             tokDestroyed(e),
			Steps: []resource.TestStep{
				{
					Config:      at(-time.Hour),
					ExpectError: errorMatching(`expires_at is in the past`, `The new token "ci-bot" would expire at`),
				},
				{
					Config: at(2 * tokenlife.Day),
					ConfigStateChecks: []statecheck.StateCheck{
						tokValueWorks{e, tokAddr},
						statecheck.ExpectKnownValue(tokAddr, tfjsonpath.New("valid_until"), knownvalue.StringExact(start.Add(2*tokenlife.Day).Format(time.RFC3339))),
						statecheck.ExpectKnownValue(tokAddr, tfjsonpath.New("expires_in_days"), knownvalue.Null()),
					},
				},
				{
					// Passed: a warning, an empty plan, no error.
					PreConfig: func() { e.clock.Advance(3 * tokenlife.Day) },
					Config:    at(2 * tokenlife.Day),
					PlanOnly:  true,
				},
				{
					Config:      at(2*tokenlife.Day + time.Hour),
					ExpectError: errorMatching(`expires_at is in the past`, `would be rotated to expire at`),
				},
				{
					Config: at(10 * tokenlife.Day),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(tokAddr, plancheck.ResourceActionUpdate),
						plancheck.ExpectUnknownValue(tokAddr, tfjsonpath.New("token")),
						plancheck.ExpectKnownValue(tokAddr, tfjsonpath.New("valid_until"), knownvalue.StringExact(start.Add(10*tokenlife.Day).Format(time.RFC3339))),
					}},
					ConfigStateChecks: []statecheck.StateCheck{tokValueWorks{e, tokAddr}},
				},
				{
					// Passed again; the destroy at the end must work.
					PreConfig: func() { e.clock.Advance(8 * tokenlife.Day) },
					Config:    at(10 * tokenlife.Day),
					PlanOnly:  true,
				},
			},
		})
	})
}

// TestAccPersonalAccessToken_apiRules checks each API generation's rules
// at plan time: what one generation refuses, with an error that states its
// rule, the other one takes.
func TestAccPersonalAccessToken_apiRules(t *testing.T) {
	forEachAPI(t, func(t *testing.T, e *testEnv) {
		future := e.clock.Now().Add(10 * tokenlife.Day).Format(time.RFC3339)
		works := resource.TestStep{PlanOnly: true, ExpectNonEmptyPlan: true}
		step := func(args string, classicErr, v1Err []string) resource.TestStep {
			s := works
			s.Config = tokConfig(e, args)
			if phrases := pick(e, classicErr, v1Err); phrases != nil {
				s.ExpectError = errorMatching(phrases...)
			}
			return s
		}
		badName := "deploy: prod/eu"
		steps := []resource.TestStep{
			step(`
  name      = "ci-bot"
  read_only = true
`, []string{"Not available on this API", "read-only tokens exist only on today's Gitpod (gitpod.v1)"}, nil),
			step(fmt.Sprintf(`
  name       = "ci-bot"
  expires_at = %q
`, future), nil, []string{"Not available on this API", "validity period, not until a fixed time", "Use expires_in_days (1 to 90)"}),
			step(`
  name            = "ci-bot"
  expires_in_days = 91
`, nil, []string{"Validity too long", "at most 90 days; expires_in_days is 91"}),
			step(`
  name            = "ci-bot"
  expires_in_days = 366
`, []string{"expires_in_days value must be between 1 and 365"}, []string{"expires_in_days value must be between 1 and 365"}),
			step(fmt.Sprintf("  name = %q", badName),
				[]string{"Invalid token name", "3 to 63 letters, digits, '-', '_' or spaces", badName}, nil),
			step(`
  name               = "ci-bot"
  expires_in_days    = 7
  rotate_before_days = 7
`, []string{"rotate_before_days too large", "must be smaller than the token's validity of 7 days"}, []string{"rotate_before_days too large", "must be smaller than the token's validity of 7 days"}),
			step(fmt.Sprintf(`
  name               = "ci-bot"
  expires_at         = %q
  rotate_before_days = 1
`, future), []string{"Invalid Attribute Combination"}, []string{"Invalid Attribute Combination"}),
		}
		// Control characters are refused at plan time on both APIs.
		for _, bad := range []struct{ name, char string }{{"ci\x1b[31mbot", "U+001B (ESC) at character 3"}, {"ci\x00bot", "U+0000 (NUL)"}} {
			steps = append(steps, resource.TestStep{
				Config:      tokConfig(e, "  name = "+hclString(bad.name)),
				ExpectError: errorMatching("must not contain control characters", bad.char),
			})
		}
		// Lengths count characters: 100 CJK characters are 300 bytes.
		cjk := strings.Repeat("令", 100)
		if e.classic() {
			steps = append(steps, step("  name = "+hclString(cjk), []string{"Invalid token name", "3 to 63 letters"}, nil))
		} else {
			steps = append(steps, step("  name = "+hclString(strings.Repeat("令", 256)), nil, []string{"must be between 1 and 255 characters, got 256"}),
				resource.TestStep{
					Config: tokConfig(e, "  name = "+hclString(cjk)),
					Check: func(s *terraform.State) error {
						if tok := e.mock.Token(tokStateValue(s, "id")); tok == nil || tok.Name != cjk {
							return fmt.Errorf("the mock's token is %+v", tok)
						}
						return nil
					},
				})
		}
		if !e.classic() {
			// The name Classic refuses is a fine gitpod.v1 description.
			steps = append(steps, resource.TestStep{
				Config: tokConfig(e, fmt.Sprintf("  name = %q\n  read_only = true", badName)),
				ConfigStateChecks: []statecheck.StateCheck{
					tokValueWorks{e, tokAddr},
					statecheck.ExpectKnownValue(tokAddr, tfjsonpath.New("name"), knownvalue.StringExact(badName)),
					statecheck.ExpectKnownValue(tokAddr, tfjsonpath.New("read_only"), knownvalue.Bool(true)),
				},
				Check: func(s *terraform.State) error {
					if tok := e.mock.Token(tokStateValue(s, "id")); tok == nil || tok.Name != badName || !tok.ReadOnly {
						return fmt.Errorf("the mock's token is %+v", tok)
					}
					return nil
				},
			})
		}
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			CheckDestroy:             tokDestroyed(e),
			Steps:                    steps,
		})
	})
}

// TestAccPersonalAccessToken_otherUser switches the provider to Bob's
// token after Alice created the token: the plan fails with an error naming
// both users instead of planning to create the token again.
func TestAccPersonalAccessToken_otherUser(t *testing.T) {
	forEachAPI(t, func(t *testing.T, e *testEnv) {
		res := `
resource "gitpod_personal_access_token" "t" {
  name = "ci-bot"
}
`
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			CheckDestroy:             tokDestroyed(e),
			Steps: []resource.TestStep{
				{Config: e.config(res)},
				{
					Config:      e.providerBlock(mockapi.DemoBobToken) + res,
					ExpectError: errorMatching("Resource belongs to another user", "created by user "+mockapi.DemoAliceID, "authenticated as user "+mockapi.DemoBobID),
				},
				{
					// Back to Alice: nothing to do, and destroy works.
					Config: e.config(res),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectEmptyPlan(),
					}},
					Check: resource.ComposeTestCheckFunc(tokLive(e, 1), func(*terraform.State) error {
						if n := len(e.mock.Tokens(mockapi.DemoBobID)); n != 0 {
							return fmt.Errorf("Bob has %d token(s)", n)
						}
						return nil
					}),
				},
			},
		})
	})
}
