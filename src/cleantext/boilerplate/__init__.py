"""The boilerplate rule engine: schema, loader, compiled matcher and the examples self-test.

Named ``boilerplate`` so that there is one thing called rules: the YAML packs.
"""

from .loader import RuleSet, builtin_rules_dir, load_ruleset
from .schema import ACTIONS, Rule
from .selftest import ExampleOutcome, run_examples

__all__ = ["ACTIONS", "ExampleOutcome", "Rule", "RuleSet", "builtin_rules_dir", "load_ruleset", "run_examples"]
