"""Listening to customers: SERVQUAL, the zone of tolerance, Kano, IPA and sample size.

Every analysis is a free function that takes a table (a pandas DataFrame, or a
path read by :func:`read_table`) and returns a small result object holding
DataFrames, with ``to_dict()`` for the versioned JSON output. The modules
import pandas, numpy and scipy only inside the functions, so importing this
package is cheap and ``import blueprint`` does not touch it at all.

>>> from blueprint import survey
>>> survey.sample_size_mean(sd=1.2, margin=0.2)
SampleSize(kind='mean', z=1.959964, n0=139, n=139, population=None, response_rate=None)
"""

from .errors import Problem, SurveyDataError
from .instrument import DIMENSIONS, SERVQUAL_22, Instrument, Scale, standard_instrument
from .ipa import IpaResult, ipa, ipa_from_file
from .kano import KanoResult, classify_pairs, kano, kano_from_file
from .linking import gaps_by_factor, gaps_by_moment, item_map_from_service
from .readers import read_table
from .reliability import cronbach_alpha, feldt_interval, paired_interval
from .sample_size import SampleSize, sample_size_mean, sample_size_proportion
from .servqual import ServqualResult, read_instrument, servqual, servqual_from_file
from .tolerance import ToleranceResult, tolerance, tolerance_from_file
from .writeback import BpmChange, apply_bpm, bpm_proposals

__all__ = [
    "DIMENSIONS",
    "SERVQUAL_22",
    "BpmChange",
    "Instrument",
    "IpaResult",
    "KanoResult",
    "Problem",
    "SampleSize",
    "Scale",
    "ServqualResult",
    "SurveyDataError",
    "ToleranceResult",
    "apply_bpm",
    "bpm_proposals",
    "classify_pairs",
    "cronbach_alpha",
    "feldt_interval",
    "gaps_by_factor",
    "gaps_by_moment",
    "ipa",
    "ipa_from_file",
    "item_map_from_service",
    "kano",
    "kano_from_file",
    "paired_interval",
    "read_instrument",
    "read_table",
    "sample_size_mean",
    "sample_size_proportion",
    "servqual",
    "servqual_from_file",
    "standard_instrument",
    "tolerance",
    "tolerance_from_file",
]
