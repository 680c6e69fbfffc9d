"""The phone log's screens (接聽電話): the call step by step, the recent calls, what a call becomes."""
