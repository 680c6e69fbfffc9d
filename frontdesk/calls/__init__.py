"""The phone call log (接聽電話): each step of the office's phone procedure, and a call turned into a case."""
