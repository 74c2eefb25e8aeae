def load_demo_proposals(stdout=None, show_passwords=False):
    pass
