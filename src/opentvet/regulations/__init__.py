"""Regulations as dated data: every rule a legal text sets, with its basis and validity dates."""
