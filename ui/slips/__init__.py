"""The release slips' screens (開放行條): the guided form, the slip list, the gate, the Today tile."""
