# %% [markdown]
# # Where the numbers come from
#
# Every number in the course (in the text, in a model's defaults and in an exercise's answer) comes from one
# entry in the course's data files (`widgets/data/`). Each entry names its source and how it was checked:
#
# - **V**: read in a primary source or official product information;
# - **V2**: read in a secondary source that quotes the primary one;
# - **U**: not verified against a source we could read. The course labels these *representative value,
#   unverified*; values marked *teaching assumption* are parameters of a teaching model, not measurements.
#
# Where a value was read through a secondary page, the entry's source is still the original, and the page
# is named in the data file. Secondary pages used this way include a review that reproduces the
# transporter-binding table of Tatsumi and colleagues {cite:p}`iversen2006`, question-and-answer pages that
# quote product labels and guidelines {cite:p}`droracle` (treated with caution: status V2 at best), and a
# university press release on the 2018 network meta-analysis {cite:p}`oxford2018press`.
#
# The tables below are generated from the data files, so they always match what the chapters use.

# %%
import widgets as cw

# %% [markdown]
# ## Receptor and transporter affinities

# %% tags=["remove-input"]
cw.affinity_table(["mirtazapine", "mianserin", "fluoxetine", "sertraline", "citalopram", "escitalopram"],
                  ["alpha2A", "alpha2B", "alpha2C", "alpha2_rat", "alpha2_human_brain", "alpha1", "H1", "5-HT1A",
                   "5-HT2A", "5-HT2C", "5-HT3", "M1", "SERT", "NET", "DAT"])

# %% [markdown]
# ## All other facts

# %% tags=["remove-input"]
cw.facts_table()
