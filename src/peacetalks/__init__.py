"""peacetalks: a sourced, structured record of peace talks, built from the reports about them."""

__version__ = "0.1.0"
