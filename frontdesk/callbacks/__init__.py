"""The shared callback queue (回訪): every module's closed case is called back by someone else."""
